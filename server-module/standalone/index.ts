/** The standalone host (the `immich-lens` CLI, its HTTP API and database), thin over the core. */
export { StandaloneModule } from './standalone.module';
export type { StandaloneModuleOptions } from './module-options';
export { createStandaloneApp } from './http/http-app';
export { createStandaloneContext, openStandalone, standaloneMachineLearning } from './open-standalone';
export type { Standalone, StandaloneFlags } from './open-standalone';
export { openStandaloneDatabase } from './database';
export type { StandaloneDatabaseHandle } from './database';
export { SearchService } from './search.service';
export type { SearchRequest, SearchResponse, SearchResult } from './search.service';
export { RegenerateService } from './regenerate.service';
export { AssetJobService } from './asset-job.service';
export { JobRunner } from './job-runner.service';
export { AssetRepository } from './asset.repository';
export { JobQueueRepository } from './job-queue.repository';
export type { LensAuth, StandaloneDatabase } from './types';
export { STANDALONE_DB, STANDALONE_OPTIONS } from './tokens';
