/** What the Immich patches (patches/immich/*.patch) import, as `src/immich-lens/server-module/immich`. */
export { LensImmichModule } from './lens-immich.module';
export { LocalMachineLearningRepository } from '../nest/local-machine-learning.repository';
export { planLensSearch, searchLensAssetIds, orderByIds } from './search';
export type { LensSearchPlan, LensSearchFilters } from './search';
export { clipErrorsAsBadRequest } from './clip-errors';
export { writeLensOcrIndex } from './ocr-index';
export { LENS_ASSET_JOBS, isLensAssetJob, lensAssetJobDisabledReason } from './regenerate';
export type { LensAssetJobName } from './regenerate';
export { immichLensUp, immichLensDown } from './migration';
export { LENS_CLIP_MODEL_INFO } from './clip-models';
