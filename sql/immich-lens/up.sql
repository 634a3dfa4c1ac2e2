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

-- Immich has no index for its favourites filter (asset."isFavorite"): this partial one gives the
-- favourites of an owner in a date range (Immich's takenAfter/takenBefore are on fileCreatedAt)
-- without reading the asset rows, so a filtered search can read the filter's assets as one set
-- (server-module/search/candidate-check.ts). It holds only favourites (~10 % of a library).
CREATE INDEX IF NOT EXISTS lens_asset_favorite_idx ON asset ("ownerId", "fileCreatedAt")
  INCLUDE ("id", "visibility", "deletedAt") WHERE "isFavorite";

-- A RUM index is opt-in: sql/immich-lens/rum.sql (see there why it is not the default).

-- zhparser: sql/immich-lens/zhparser.sql (also run by docker/postgres at initdb).
