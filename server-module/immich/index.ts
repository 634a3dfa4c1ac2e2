/** What the Immich patches (patches/immich/*.patch) import, as `src/immich-lens/server-module/immich`. */
export { LensImmichModule } from './lens-immich.module';
export { LocalMachineLearningRepository } from '../ml-provider/machine-learning.repository';
export { candidateFilterOptions, planLensOcrSearch, planLensSearch, searchLensAssetIds, orderByIds } from './search';
export { lensOcrFilter } from './ocr-filter';
export type { LensSearchPlan } from './search';
export type { AssetFilter } from '../search/asset-filter';
export { clipErrorsAsBadRequest } from './clip-errors';
export { writeLensOcrIndex } from './ocr-index';
export { isRegenerateJob, REGENERATE_JOBS, regenerateJobDisabledReason } from './regenerate';
export type { RegenerateJobName } from './regenerate';
export { immichLensUp, immichLensDown } from './migration';
export { LENS_CLIP_MODEL_INFO } from './clip-models';
export { ModelLoadError } from '../inference/model-errors';
