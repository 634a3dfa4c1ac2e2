/** The asset jobs for Immich's AssetService (a light entry point: no models or database code load with it). */
export { isRegenerateJob, REGENERATE_JOBS, regenerateJobDisabledReason } from '../jobs/regenerate-jobs';
export type { RegenerateJobName } from '../jobs/regenerate-jobs';
