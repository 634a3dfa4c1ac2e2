-- Standalone base schema: the subset of Immich v3.1.0's own tables that immich-lens reads, with
-- Immich's names and types (server/src/schema/tables/{asset,asset-ocr,smart-search}.table.ts).
-- Used only where no Immich database exists (standalone host, tests, benchmarks). Inside Immich,
-- Immich's migrations create these tables and only sql/immich-lens/ runs on top of them.
-- Idempotent.

CREATE EXTENSION IF NOT EXISTS vector;

DO $$ BEGIN
  CREATE TYPE asset_visibility_enum AS ENUM ('archive', 'timeline', 'hidden', 'locked');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS asset (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "ownerId" uuid NOT NULL,
  "type" character varying NOT NULL DEFAULT 'IMAGE',
  "originalPath" character varying NOT NULL,
  "originalFileName" character varying NOT NULL DEFAULT '',
  "fileCreatedAt" timestamp with time zone NOT NULL DEFAULT now(),
  "fileModifiedAt" timestamp with time zone NOT NULL DEFAULT now(),
  "localDateTime" timestamp with time zone NOT NULL DEFAULT now(),
  "createdAt" timestamp with time zone NOT NULL DEFAULT now(),
  "updatedAt" timestamp with time zone NOT NULL DEFAULT now(),
  "deletedAt" timestamp with time zone,
  "isFavorite" boolean NOT NULL DEFAULT false,
  "libraryId" uuid,
  "stackId" uuid,
  "visibility" asset_visibility_enum NOT NULL DEFAULT 'timeline',
  "width" integer,
  "height" integer
);
CREATE INDEX IF NOT EXISTS "asset_fileCreatedAt_idx" ON asset ("fileCreatedAt");
CREATE INDEX IF NOT EXISTS "asset_ownerId_idx" ON asset ("ownerId");
CREATE INDEX IF NOT EXISTS "asset_originalPath_libraryId_idx" ON asset ("originalPath", "libraryId");

CREATE TABLE IF NOT EXISTS asset_ocr (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "assetId" uuid NOT NULL REFERENCES asset ("id") ON UPDATE CASCADE ON DELETE CASCADE,
  "x1" real NOT NULL, "y1" real NOT NULL, "x2" real NOT NULL, "y2" real NOT NULL,
  "x3" real NOT NULL, "y3" real NOT NULL, "x4" real NOT NULL, "y4" real NOT NULL,
  "boxScore" real NOT NULL,
  "textScore" real NOT NULL,
  "text" text NOT NULL,
  "isVisible" boolean NOT NULL DEFAULT true
);
CREATE INDEX IF NOT EXISTS "asset_ocr_assetId_idx" ON asset_ocr ("assetId");

CREATE TABLE IF NOT EXISTS smart_search (
  "assetId" uuid PRIMARY KEY REFERENCES asset ("id") ON DELETE CASCADE,
  "embedding" vector(512) NOT NULL
);
ALTER TABLE smart_search ALTER COLUMN "embedding" SET STORAGE EXTERNAL;
CREATE INDEX IF NOT EXISTS clip_index ON smart_search USING hnsw (embedding vector_cosine_ops) WITH (ef_construction = 300, m = 16);
