import { ColumnType, Generated } from 'kysely';
import type { ModelJobName } from '../jobs/regenerate-jobs';
import type { LensDatabase } from '../search/types';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** LensDatabase plus the Immich tables (and standalone-only columns) the standalone host reads or writes. */
export interface StandaloneDatabase extends Omit<LensDatabase, 'asset'> {
  asset: LensDatabase['asset'] & {
    fileModifiedAt: Generated<Date>;
    /** standalone only (Immich keeps it in asset_exif) */
    fileSizeInByte: number | string | null;
    checksum: Buffer | null;
  };
  asset_ocr: {
    id: Generated<string>;
    assetId: string;
    x1: number; y1: number; x2: number; y2: number;
    x3: number; y3: number; x4: number; y4: number;
    boxScore: number;
    textScore: number;
    text: string;
    isVisible: Generated<boolean>;
  };
  user: { id: Generated<string>; email: string; name: string; createdAt: Generated<Date> };
  api_key: { id: Generated<string>; name: string; key: string; userId: string; permissions: string[]; createdAt: Generated<Date> };
  asset_job_status: { assetId: string; ocrAt: Timestamp | null; smartSearchAt: Timestamp | null };
  lens_job: {
    id: Generated<string>;
    name: ModelJobName;
    assetId: string;
    status: Generated<JobStatus>;
    error: string | null;
    createdAt: Generated<Date>;
    updatedAt: Generated<Date>;
  };
}

/** Immich's AuthDto, reduced to what the access checks read. */
export interface LensAuth {
  user: { id: string };
  /** present when the request used an API key; `all` grants every permission, as in Immich */
  apiKey?: { id: string; permissions: string[] };
  /** a session that went through PIN unlock (Immich's `hasElevatedPermission`); needed for locked assets */
  session?: { hasElevatedPermission: boolean };
}
