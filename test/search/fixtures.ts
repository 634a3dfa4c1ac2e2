import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import { writeOcrIndex } from '../../server-module/search/ocr-index';
import { ocrFromText } from '../../server-module/ocr-text/ocr-boxes';
import { AssetType, AssetVisibility, LensDatabase } from '../../server-module/search/types';

export interface AssetSpec {
  ownerId: string;
  text?: string[];
  fileCreatedAt?: string;
  visibility?: AssetVisibility;
  deletedAt?: string | null;
  type?: AssetType;
  embedding?: number[];
}

export const DIM = 512;

/** A unit 512-d embedding pointing mostly along `axis`, tilted towards `towards` by `tilt`. */
export function embedding(axis: number, towards?: number, tilt = 0): number[] {
  const v = new Array<number>(DIM).fill(0);
  v[axis] = 1;
  if (towards !== undefined) v[towards] = tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export async function insertAsset(db: Kysely<LensDatabase>, spec: AssetSpec): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('asset')
    .values({
      id,
      ownerId: spec.ownerId,
      type: spec.type ?? 'IMAGE',
      originalPath: `/photos/${id}.jpg`,
      fileCreatedAt: spec.fileCreatedAt ?? '2024-01-01T00:00:00Z',
      localDateTime: spec.fileCreatedAt ?? '2024-01-01T00:00:00Z',
      deletedAt: spec.deletedAt ?? null,
      visibility: spec.visibility ?? 'timeline',
    })
    .execute();
  if (spec.text) await writeOcrIndex(db, [{ assetId: id, ocr: ocrFromText(spec.text.join('\n')) }]);
  if (spec.embedding) {
    await db.insertInto('smart_search').values({ assetId: id, embedding: `[${spec.embedding.join(',')}]` }).execute();
  }
  return id;
}
