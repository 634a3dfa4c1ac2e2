/**
 * What the demo needs from `immich-lens serve` beyond the SDK: files behind x-api-key as object URLs
 * (an <img> cannot send the header) and the standalone host's job list, to follow a regenerate job.
 */
import { getAssetOcr, getBaseUrl, init, searchSmart, type SmartSearchDto } from '@immich/sdk';
import { REGENERATE_JOBS } from '../../server-module/jobs/regenerate-jobs';
import type { JobOutcome } from '../src/lib/regenerate';
import type { LensJobName, LensSearchResponse, OcrLine } from '../src/lib/types';

let apiKey = '';

export function connect(key: string): void {
  apiKey = key;
  init({ baseUrl: '/api', apiKey: key });
}

export async function search(query: string): Promise<LensSearchResponse> {
  const dto: SmartSearchDto = { query, size: 60 };
  return (await searchSmart({ smartSearchDto: dto })) as unknown as LensSearchResponse;
}

export const ocrLines = (id: string): Promise<OcrLine[]> => getAssetOcr({ id });

export async function fileUrl(id: string, kind: 'thumbnail' | 'original'): Promise<string> {
  const response = await fetch(`${getBaseUrl()}/assets/${id}/${kind}`, { headers: { 'x-api-key': apiKey } });
  if (!response.ok) throw new Error(`${kind} of ${id}: HTTP ${response.status}`);
  return URL.createObjectURL(await response.blob());
}


/** Polls GET /lens/jobs?assetId= until no job of that kind is queued or running; the newest one's end. */
export async function waitForJob(assetId: string, name: LensJobName, timeoutMs = 120_000): Promise<JobOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${getBaseUrl()}/lens/jobs?assetId=${encodeURIComponent(assetId)}`, { headers: { 'x-api-key': apiKey } });
    if (!response.ok) throw new Error(`jobs of ${assetId}: HTTP ${response.status}`);
    const { jobs } = (await response.json()) as { jobs: Array<{ name: string; status: string; error: string | null }> };
    const mine = jobs.filter((j) => j.name === REGENERATE_JOBS[name].job);
    const last = mine.at(-1);
    if (last && !mine.some((j) => j.status === 'queued' || j.status === 'running')) {
      return { status: last.status === 'done' ? 'done' : 'failed', error: last.error };
    }
    if (Date.now() > deadline) throw new Error(`${name} of ${assetId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
