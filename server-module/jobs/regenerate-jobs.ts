/**
 * The one mapping of the two asset jobs immich-lens adds to `POST /assets/jobs` onto the jobs they
 * queue: Immich's `JobName.Ocr` and `JobName.SmartSearch` (the standalone host's queue uses the same
 * names). Those jobs always recompute — they do not skip assets that already have a result — so
 * queueing one for an asset is a forced regenerate; the model runs before the old rows are replaced,
 * so a failed run loses nothing.
 */
export type ModelJobName = 'Ocr' | 'SmartSearch';

export const REGENERATE_JOBS = {
  'regenerate-ocr': { job: 'Ocr', feature: 'ocr' },
  'regenerate-clip': { job: 'SmartSearch', feature: 'clip' },
} as const satisfies Record<string, { job: ModelJobName; feature: 'ocr' | 'clip' }>;

export type RegenerateJobName = keyof typeof REGENERATE_JOBS;

export const REGENERATE_JOB_NAMES = Object.keys(REGENERATE_JOBS) as [RegenerateJobName, ...RegenerateJobName[]];

export function isRegenerateJob(name: string): name is RegenerateJobName {
  return Object.hasOwn(REGENERATE_JOBS, name);
}

/** The parts of Immich's `machineLearning` config that decide whether the jobs can run. */
export interface ModelFeatures {
  enabled: boolean;
  ocr: { enabled: boolean };
  clip: { enabled: boolean };
}

/** Why the job cannot run with this config, or null when it can (both hosts answer it as a 400). */
export function regenerateJobDisabledReason(name: RegenerateJobName, machineLearning: ModelFeatures): string | null {
  const { feature } = REGENERATE_JOBS[name];
  if (!machineLearning.enabled) return `Machine learning is disabled; ${name} needs it`;
  if (!machineLearning[feature].enabled) return feature === 'ocr' ? 'OCR is not enabled' : 'Smart search is not enabled';
  return null;
}
