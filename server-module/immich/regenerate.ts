/**
 * The two asset jobs immich-lens adds to Immich's POST /assets/jobs and the Immich jobs they queue.
 * Immich's Ocr and SmartSearch job handlers always recompute (they do not skip assets that already
 * have a result), so queueing them for an asset is a forced regenerate; the model runs before the
 * old rows are replaced, so a failed run loses nothing.
 */
export const LENS_ASSET_JOBS = {
  'regenerate-ocr': { job: 'Ocr', feature: 'ocr' },
  'regenerate-clip': { job: 'SmartSearch', feature: 'clip' },
} as const;

export type LensAssetJobName = keyof typeof LENS_ASSET_JOBS;

export function isLensAssetJob(name: string): name is LensAssetJobName {
  return Object.hasOwn(LENS_ASSET_JOBS, name);
}

interface FeatureConfig {
  enabled: boolean;
  ocr: { enabled: boolean };
  clip: { enabled: boolean };
}

/** Why the job cannot run with this machineLearning config, or null when it can. */
export function lensAssetJobDisabledReason(name: LensAssetJobName, machineLearning: FeatureConfig): string | null {
  const { feature } = LENS_ASSET_JOBS[name];
  if (!machineLearning.enabled) return `Machine learning is disabled; ${name} needs it`;
  if (!machineLearning[feature].enabled) return feature === 'ocr' ? 'OCR is not enabled' : 'Smart search is not enabled';
  return null;
}
