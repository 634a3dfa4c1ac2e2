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

-- A RUM index is opt-in: sql/immich-lens/rum.sql (see there why it is not the default).

-- zhparser: sql/immich-lens/zhparser.sql (also run by docker/postgres at initdb).
