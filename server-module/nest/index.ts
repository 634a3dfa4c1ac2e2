/** What a host (Immich's patched server, or the standalone host) wires in. */
export { LensModule } from './lens.module';
export type { LensModuleOptions } from './lens-options';
export { LocalMachineLearningRepository, toVectorLiteral } from './local-machine-learning.repository';
export type { OCR, DetectedFaces, Face, FaceDetectionOptions, OcrOptions, TextEncodingOptions } from './local-machine-learning.repository';
export { DEFAULT_MACHINE_LEARNING_CONFIG, inferenceConfigFromEnv } from './ml-config';
export type { LensInferenceConfig, MachineLearningConfig } from './ml-config';
export { LensSearchService } from './lens-search.service';
export type { LensSearchRequest, LensSearchResponse, LensSearchResult } from './lens-search.service';
export { RegenerateService, REGENERATE_JOBS } from './regenerate.service';
export type { RegenerateJobName } from './regenerate.service';
export { AssetJobService } from './asset-job.service';
export { LensJobRunner } from './job-runner.service';
export { LensAssetRepository } from './lens-asset.repository';
export { parseSearchQuery, SearchQueryError, LensSearchRepository } from '../search';
export type { LensAuth, HostDatabase } from './types';
export { LENS_DB, LENS_OPTIONS } from './tokens';
