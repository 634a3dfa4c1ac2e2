-- Immich v3.1.0's own OCR text table and its trigram index (server/src/schema/tables/ocr-search.table.ts),
-- for the tests and benchmarks that stand in for an Immich database (the way back to stock Immich,
-- bench-search's upstream comparison). immich-lens neither reads nor writes it; the standalone host
-- does not create it (databases it created before keep theirs, unused). Idempotent.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE SQL IMMUTABLE PARALLEL SAFE STRICT
  RETURN unaccent('unaccent', $1);

-- text holds tokenizeForSearch(...) output (CJK bigrams), as Immich writes it.
CREATE TABLE IF NOT EXISTS ocr_search (
  "assetId" uuid PRIMARY KEY REFERENCES asset ("id") ON UPDATE CASCADE ON DELETE CASCADE,
  "text" text NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_ocr_search_text ON ocr_search USING gin (f_unaccent("text") gin_trgm_ops);
