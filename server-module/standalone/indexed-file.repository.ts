/** Standalone host: asset rows for files on disk (by owner + original path) and their index state. */
import { basename } from 'node:path';
import { Kysely, sql } from 'kysely';
import type { StandaloneDatabase } from './types';

export interface IndexedFile {
  id: string;
  fileModifiedAt: Date;
  fileSizeInByte: string | number | null;
  checksum: Buffer | null;
  ocrAt: Date | null;
  smartSearchAt: Date | null;
}

export class IndexedFileRepository {
  constructor(private readonly db: Kysely<StandaloneDatabase>) {}

  async findByPath(ownerId: string, originalPath: string): Promise<IndexedFile | undefined> {
    return this.db
      .selectFrom('asset')
      .leftJoin('asset_job_status', 'asset_job_status.assetId', 'asset.id')
      .select(['asset.id', 'asset.fileModifiedAt', 'asset.fileSizeInByte', 'asset.checksum', 'asset_job_status.ocrAt', 'asset_job_status.smartSearchAt'])
      .where('asset.ownerId', '=', ownerId)
      .where('asset.originalPath', '=', originalPath)
      .executeTakeFirst() as Promise<IndexedFile | undefined>;
  }

  /** Creates or updates the asset row for a file; returns its id. */
  async upsertFile(ownerId: string, originalPath: string, file: { mtime: Date; size: number; checksum: Buffer | null }): Promise<string> {
    const row = await this.db
      .insertInto('asset')
      .values({
        ownerId,
        type: 'IMAGE',
        originalPath,
        originalFileName: basename(originalPath),
        fileCreatedAt: file.mtime,
        localDateTime: file.mtime,
        fileModifiedAt: file.mtime,
        fileSizeInByte: file.size,
        checksum: file.checksum,
        deletedAt: null,
      })
      .onConflict((oc) =>
        oc.columns(['ownerId', 'originalPath']).doUpdateSet({ fileModifiedAt: file.mtime, fileSizeInByte: file.size, checksum: file.checksum, deletedAt: null }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The asset for a path that has no file here (import-ocr); created if needed. */
  async ensurePath(ownerId: string, originalPath: string): Promise<string> {
    const existing = await this.db.selectFrom('asset').select('id').where('ownerId', '=', ownerId).where('originalPath', '=', originalPath).executeTakeFirst();
    if (existing) return existing.id;
    const row = await this.db
      .insertInto('asset')
      .values({ ownerId, type: 'IMAGE', originalPath, originalFileName: basename(originalPath), fileCreatedAt: new Date(), localDateTime: new Date(), fileSizeInByte: null, checksum: null, deletedAt: null })
      .onConflict((oc) => oc.columns(['ownerId', 'originalPath']).doUpdateSet({ originalPath: sql<string>`excluded."originalPath"` })) // no-op: RETURNING gives the id
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** ensurePath for many paths in one statement; returns path → asset id. */
  async ensurePaths(ownerId: string, originalPaths: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(originalPaths)];
    if (unique.length === 0) return new Map();
    const now = new Date();
    const rows = await this.db
      .insertInto('asset')
      .values(unique.map((originalPath) => ({ ownerId, type: 'IMAGE' as const, originalPath, originalFileName: basename(originalPath), fileCreatedAt: now, localDateTime: now, fileSizeInByte: null, checksum: null, deletedAt: null })))
      .onConflict((oc) => oc.columns(['ownerId', 'originalPath']).doUpdateSet({ originalPath: sql<string>`excluded."originalPath"` }))
      .returning(['id', 'originalPath'])
      .execute();
    return new Map(rows.map((r) => [r.originalPath, r.id]));
  }
}
