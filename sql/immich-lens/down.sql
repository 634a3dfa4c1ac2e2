-- Removes everything immich-lens added to a database: the migration's `down`, and the way back to
-- stock Immich (scripts/immich/revert-to-stock.sh; docker/README.md "Back to stock Immich"). After it,
-- stock Immich of the same version starts on the database with all its own data as it was.
-- Idempotent; run it in one transaction (psql --single-transaction).
DROP TABLE IF EXISTS lens_ocr_search;                  -- with its GIN index and the opt-in RUM index
DROP INDEX IF EXISTS lens_asset_favorite_idx;          -- up.sql, on Immich's asset table
DROP TEXT SEARCH CONFIGURATION IF EXISTS chinese;      -- zhparser.sql
DROP EXTENSION IF EXISTS zhparser;                     -- zhparser.sql / docker/postgres at initdb
DROP EXTENSION IF EXISTS rum;                          -- rum.sql (opt-in)
-- a CLIP model only immich-lens knows (cn-clip-*, server-module/immich/clip-models.ts) set in
-- Immich's system config: stock Immich does not know the name ("Unknown CLIP model"), so the setting
-- goes back to Immich's default, and the embeddings that model made go with it, as Immich itself
-- does when the model changes (then run Smart Search "missing" to embed with the default model).
DO $$ BEGIN
  IF to_regclass('system_metadata') IS NOT NULL THEN -- (a separate IF: the query below is planned only where the table exists)
    IF EXISTS (SELECT 1 FROM system_metadata
               WHERE key = 'system-config' AND value #>> '{machineLearning,clip,modelName}' LIKE 'cn-clip-%') THEN
      UPDATE system_metadata SET value = value #- '{machineLearning,clip,modelName}' WHERE key = 'system-config';
      TRUNCATE smart_search;
    END IF;
  END IF;
END $$;
-- the migration's record: stock Immich refuses to start while kysely_migrations names a migration
-- it does not have ("corrupted migrations"). kysely's own migrateDown deletes it too; a no-op then.
DO $$ BEGIN
  IF to_regclass('kysely_migrations') IS NOT NULL THEN
    DELETE FROM kysely_migrations WHERE name = '1785000000000-ImmichLens';
  END IF;
END $$;
