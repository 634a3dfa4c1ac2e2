-- Optional RUM index (Debian: postgresql-15-rum; Immich's Postgres image lacks it). Run after up.sql;
-- the repository orders each bucket's matches by rank when this index exists. Not the default:
-- an ordered RUM scan ranks every match in the bucket it reads, so a word in 4 % of a million
-- documents costs 43-54 ms where the GIN path (up.sql) stays under 5 ms (npm run bench:search).
-- Idempotent; `DROP INDEX lens_ocr_search_tsv_rum_idx` undoes it (down.sql drops it with the table).
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
    RAISE EXCEPTION 'the rum extension is not installed on this PostgreSQL server (Debian: postgresql-15-rum)';
  END IF;
END $$;
CREATE EXTENSION IF NOT EXISTS rum;
CREATE INDEX IF NOT EXISTS lens_ocr_search_tsv_rum_idx ON lens_ocr_search USING rum ("tsv" rum_tsvector_ops);
