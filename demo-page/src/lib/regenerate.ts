import { runAssetJobs, type AssetJobName } from '@immich/sdk';
import type { LensJobName } from './types';
import type { MessageKey } from './i18n';

/** POST /assets/jobs with one of the job names the patched SDK declares. */
export async function queueRegenerate(assetIds: string[], name: LensJobName): Promise<void> {
  await runAssetJobs({ assetJobsDto: { assetIds, name: name as AssetJobName } });
}

/** The asset menu's actions, as Immich's getAssetActions lists them. */
export const REGENERATE_ACTIONS: ReadonlyArray<{ name: LensJobName; label: MessageKey; queued: MessageKey; done: MessageKey }> = [
  { name: 'regenerate-ocr', label: 'regenerate_ocr', queued: 'regenerate_ocr_queued', done: 'regenerate_ocr_done' },
  { name: 'regenerate-clip', label: 'regenerate_clip', queued: 'regenerate_clip_queued', done: 'regenerate_clip_done' },
];

/** How a finished job ended, for callers that can watch it (the standalone host can; Immich cannot). */
export interface JobOutcome {
  status: 'done' | 'failed';
  error?: string | null;
}
