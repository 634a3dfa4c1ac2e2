/** SQL for assets, their OCR rows and embeddings. Replacements are single transactions. */
import { Kysely, sql } from 'kysely';
import type { OCR } from '../ml-provider/types';
import { type AssetOcrRow, ocrFromRows, type OcrPage, rowsFromOcr } from '../ocr-text/ocr-boxes';
import { writeOcrIndex } from '../search/ocr-index';
import type { StandaloneDatabase } from './types';

export interface AssetRow {
  id: string;
  ownerId: string;
  originalPath: string;
  visibility: string;
  deletedAt: Date | null;
  fileCreatedAt: Date;
}

export class AssetRepository {
  constructor(private readonly db: Kysely<StandaloneDatabase>) {}

  async getByIds(ids: string[]): Promise<AssetRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('asset')
      .select(['id', 'ownerId', 'originalPath', 'visibility', 'deletedAt', 'fileCreatedAt'])
      .where('id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
  }

  async getById(id: string): Promise<AssetRow | undefined> {
    return (await this.getByIds([id]))[0];
  }

  /** The stored OCR boxes of an asset (Immich's `asset_ocr` rows: GET /assets/:id/ocr). */
  async getOcr(assetId: string): Promise<Array<AssetOcrRow & { id: string; assetId: string; boxScore: number; textScore: number }>> {
    return this.db
      .selectFrom('asset_ocr')
      .select(['id', 'assetId', 'text', 'x1', 'y1', 'x2', 'y2', 'x3', 'y3', 'x4', 'y4', 'boxScore', 'textScore'])
      .where('assetId', '=', assetId)
      .execute();
  }

  /** The OCR boxes of several assets with their images' sizes (what reading order and matching take). */
  async getOcrPages(assetIds: string[]): Promise<Map<string, OcrPage>> {
    const result = new Map<string, OcrPage>();
    if (assetIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('asset_ocr')
      .innerJoin('asset', 'asset.id', 'asset_ocr.assetId')
      .select(['asset_ocr.assetId', 'asset.width', 'asset.height', 'text', 'x1', 'y1', 'x2', 'y2', 'x3', 'y3', 'x4', 'y4'])
      .where('asset_ocr.assetId', '=', sql<string>`any(${assetIds}::uuid[])`)
      .execute();
    const byAsset = new Map<string, typeof rows>();
    for (const row of rows) byAsset.set(row.assetId, [...(byAsset.get(row.assetId) ?? []), row]);
    for (const [assetId, list] of byAsset) result.set(assetId, { ...ocrFromRows(list), width: list[0].width, height: list[0].height });
    return result;
  }

  /**
   * Replaces an asset's OCR in one transaction, as Immich's OcrRepository.upsert does: asset_ocr boxes,
   * the immich-lens index (writeOcrIndex, the writer Immich's patch calls too) and asset_job_status.ocrAt.
   * Called only once the new result exists, so a failed OCR run never touches the old rows.
   */
  async replaceOcr(assetId: string, ocr: OCR & OcrPage): Promise<void> {
    await this.replaceOcrMany([{ assetId, ocr }]);
  }

  /** replaceOcr for many assets in one transaction (set-based statements; import-ocr batches). */
  async replaceOcrMany(items: Array<{ assetId: string; ocr: OCR & OcrPage }>): Promise<void> {
    const byAsset = new Map(items.map((item) => [item.assetId, item.ocr])); // last one wins
    if (byAsset.size === 0) return;
    const ids = [...byAsset.keys()].sort(); // one lock order for every caller
    const documents = ids.map((assetId) => ({ assetId, ocr: byAsset.get(assetId)! }));
    const boxes = documents.flatMap(({ assetId, ocr }) => rowsFromOcr(ocr, (i) => ({ assetId, boxScore: ocr.boxScore[i], textScore: ocr.textScore[i] })));
    const now = new Date();
    await this.db.transaction().execute(async (trx) => {
      // row locks: concurrent replacements of one asset queue here instead of interleaving
      await trx.selectFrom('asset').select('id').where('id', '=', sql<string>`any(${ids}::uuid[])`).orderBy('id').forUpdate().execute();
      await trx.deleteFrom('asset_ocr').where('assetId', '=', sql<string>`any(${ids}::uuid[])`).execute();
      // the image's oriented size, as Immich keeps it on the asset: reading order measures boxes by it
      for (const { assetId, ocr } of documents.filter((d) => d.ocr.width && d.ocr.height)) {
        await trx.updateTable('asset').set({ width: ocr.width, height: ocr.height }).where('id', '=', assetId).execute();
      }
      for (let i = 0; i < boxes.length; i += 2000) await trx.insertInto('asset_ocr').values(boxes.slice(i, i + 2000)).execute();
      await writeOcrIndex(trx, documents);
      await trx
        .insertInto('asset_job_status')
        .values(ids.map((assetId) => ({ assetId, ocrAt: now, smartSearchAt: null })))
        .onConflict((oc) => oc.column('assetId').doUpdateSet({ ocrAt: now }))
        .execute();
    });
  }

  /** Replaces an asset's CLIP embedding (and smartSearchAt) in one transaction. */
  async replaceEmbedding(assetId: string, embedding: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('smart_search')
        .values({ assetId, embedding })
        .onConflict((oc) => oc.column('assetId').doUpdateSet({ embedding }))
        .execute();
      await trx
        .insertInto('asset_job_status')
        .values({ assetId, ocrAt: null, smartSearchAt: new Date() })
        .onConflict((oc) => oc.column('assetId').doUpdateSet({ smartSearchAt: new Date() }))
        .execute();
    });
  }

  async getEmbedding(assetId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('smart_search').select('embedding').where('assetId', '=', assetId).executeTakeFirst();
    return row?.embedding;
  }

  /** Dimension of smart_search.embedding (vector(N)). */
  async getEmbeddingDimension(): Promise<number> {
    const { rows } = await sql<{ type: string }>`
      select format_type(atttypid, atttypmod) as type from pg_attribute
      where attrelid = 'smart_search'::regclass and attname = 'embedding'`.execute(this.db);
    return Number(/\((\d+)\)/.exec(rows[0].type)?.[1] ?? 0);
  }

  /**
   * Standalone only: a CLIP model of another size makes the old embeddings meaningless; like Immich on a
   * model change, they are dropped and the column is retyped.
   */
  async setEmbeddingDimension(dim: number): Promise<void> {
    if (!Number.isInteger(dim) || dim < 1 || dim > 16000) throw new Error(`Invalid embedding dimension ${dim}`);
    await this.db.transaction().execute(async (trx) => {
      await sql`delete from smart_search`.execute(trx);
      await sql`update asset_job_status set "smartSearchAt" = null`.execute(trx);
      await sql`drop index if exists clip_index`.execute(trx);
      await sql.raw(`alter table smart_search alter column embedding type vector(${dim})`).execute(trx);
      await sql`create index clip_index on smart_search using hnsw (embedding vector_cosine_ops) with (ef_construction = 300, m = 16)`.execute(trx);
    });
  }
}
