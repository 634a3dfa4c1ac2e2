import { Kysely, sql } from 'kysely';
import { applyLensMigration, applyStandaloneBaseSchema } from '../search/schema';

/**
 * Tables the standalone host needs beyond sql/standalone/base-schema.sql: Immich's `user`,
 * `api_key` and `asset_job_status` (subset of their columns), the asset columns `index` uses to skip
 * unchanged files, and `lens_job`, the standalone host's persisted job queue (Immich uses
 * BullMQ/Redis; job names are Immich's, `Ocr` and `SmartSearch`). Never run inside Immich. Idempotent.
 */
const STANDALONE_SCHEMA = `
CREATE TABLE IF NOT EXISTS "user" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "email" character varying NOT NULL UNIQUE,
  "name" character varying NOT NULL DEFAULT '',
  "createdAt" timestamp with time zone NOT NULL DEFAULT now()
);
-- key holds the sha256 (hex) of the secret, as Immich stores a hash and never the key itself
CREATE TABLE IF NOT EXISTS api_key (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" character varying NOT NULL,
  "key" character varying NOT NULL UNIQUE,
  "userId" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
  "permissions" character varying[] NOT NULL,
  "createdAt" timestamp with time zone NOT NULL DEFAULT now()
);
ALTER TABLE asset ADD COLUMN IF NOT EXISTS "fileSizeInByte" bigint;
ALTER TABLE asset ADD COLUMN IF NOT EXISTS "checksum" bytea;
-- Immich's oriented image size (in base-schema.sql since the reading order measures boxes by it; older databases lack it)
ALTER TABLE asset ADD COLUMN IF NOT EXISTS "width" integer;
ALTER TABLE asset ADD COLUMN IF NOT EXISTS "height" integer;
CREATE UNIQUE INDEX IF NOT EXISTS "asset_ownerId_originalPath_standalone_idx" ON asset ("ownerId", "originalPath");
CREATE TABLE IF NOT EXISTS asset_job_status (
  "assetId" uuid PRIMARY KEY REFERENCES asset ("id") ON DELETE CASCADE,
  "ocrAt" timestamp with time zone,
  "smartSearchAt" timestamp with time zone
);
CREATE TABLE IF NOT EXISTS lens_job (
  "id" bigserial PRIMARY KEY,
  "name" character varying NOT NULL,
  "assetId" uuid NOT NULL REFERENCES asset ("id") ON DELETE CASCADE,
  "status" character varying NOT NULL DEFAULT 'queued',
  "error" text,
  "createdAt" timestamp with time zone NOT NULL DEFAULT now(),
  "updatedAt" timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS lens_job_status_idx ON lens_job ("status", "id");
-- queues written before the job names became Immich's
UPDATE lens_job SET "name" = CASE "name" WHEN 'ocr' THEN 'Ocr' ELSE 'SmartSearch' END WHERE "name" IN ('ocr', 'smart-search');
`;

/** Base Immich subset + immich-lens migration + host tables. */
export async function applyStandaloneSchema(db: Kysely<any>): Promise<void> {
  await applyStandaloneBaseSchema(db);
  await applyLensMigration(db);
  await sql.raw(STANDALONE_SCHEMA).execute(db);
}
