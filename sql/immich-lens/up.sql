-- immich-lens migration (runs on Immich's tables, and on sql/standalone/base-schema.sql).
-- Idempotent. Undo with down.sql.

-- The segmented OCR text of each asset (server-module/search/segment.ts builds the tsvector:
-- CJK bigrams at character positions weighted by jieba words, letter/digit tokens with suffixes).
-- A table of its own leaves Immich's ocr_search untouched.
CREATE TABLE IF NOT EXISTS lens_ocr_search (
  "assetId" uuid PRIMARY KEY REFERENCES asset ("id") ON UPDATE CASCADE ON DELETE CASCADE,
  "tsv" tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS lens_ocr_search_tsv_idx ON lens_ocr_search USING gin ("tsv");

-- RUM (Debian: postgresql-15-rum) returns the top matches by rank straight from the index, so a
-- frequent word does not make Postgres score every match. Optional: Immich's image lacks it and
-- the GIN index above serves alone there.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
    CREATE EXTENSION IF NOT EXISTS rum;
    CREATE INDEX IF NOT EXISTS lens_ocr_search_tsv_rum_idx ON lens_ocr_search USING rum ("tsv" rum_tsvector_ops);
  END IF;
END $$;

-- zhparser: sql/immich-lens/zhparser.sql (also run by docker/postgres at initdb).
