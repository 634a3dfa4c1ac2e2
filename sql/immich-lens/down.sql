-- Undoes sql/immich-lens/up.sql. Leaves Immich's tables and the extensions (others may use them).
DROP TABLE IF EXISTS lens_ocr_search;
DROP TEXT SEARCH CONFIGURATION IF EXISTS chinese;
