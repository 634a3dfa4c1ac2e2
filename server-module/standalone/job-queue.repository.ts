/** The standalone host's persisted job queue (lens_job). Claims use SKIP LOCKED so several runners never share a job. */
import { Kysely, sql } from 'kysely';
import type { ModelJobName } from '../jobs/regenerate-jobs';
import type { StandaloneDatabase } from './types';

export interface JobRow {
  id: string;
  name: ModelJobName;
  assetId: string;
  status: string;
  error: string | null;
}

export class JobQueueRepository {
  constructor(private readonly db: Kysely<StandaloneDatabase>) {}

  async queue(name: ModelJobName, assetIds: string[]): Promise<void> {
    if (assetIds.length === 0) return;
    await this.db.insertInto('lens_job').values(assetIds.map((assetId) => ({ name, assetId, error: null }))).execute();
  }

  async claimNext(name: ModelJobName): Promise<JobRow | undefined> {
    const { rows } = await sql<JobRow>`
      update lens_job set status = 'running', "updatedAt" = now()
      where id = (select id from lens_job where status = 'queued' and name = ${name} order by id limit 1 for update skip locked)
      returning id, name, "assetId", status, error`.execute(this.db);
    return rows[0];
  }

  async finish(id: string, error?: string): Promise<void> {
    await this.db
      .updateTable('lens_job')
      .set({ status: error === undefined ? 'done' : 'failed', error: error ?? null, updatedAt: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Jobs a killed process left running go back to the queue (their old data is intact). */
  async requeueRunning(): Promise<number> {
    const result = await this.db.updateTable('lens_job').set({ status: 'queued' }).where('status', '=', 'running').executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async list(assetId?: string): Promise<JobRow[]> {
    return this.db
      .selectFrom('lens_job')
      .select(['id', 'name', 'assetId', 'status', 'error'])
      .$if(assetId !== undefined, (qb) => qb.where('assetId', '=', assetId!))
      .orderBy('id')
      .execute();
  }

  async counts(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('lens_job').select(['status', sql<string>`count(*)`.as('n')]).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
