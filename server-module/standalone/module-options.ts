import type { Kysely } from 'kysely';
import type { ModelJobName } from '../jobs/regenerate-jobs';
import type { LensInferenceConfig, MachineLearningConfig } from '../ml-provider/types';
import type { SearchRepositoryConfig } from '../search/repository';
import type { StandaloneDatabase } from './types';

export interface StandaloneModuleOptions {
  db: Kysely<StandaloneDatabase>;
  inference: LensInferenceConfig;
  /** Immich's machineLearning system config, as the standalone host sets it */
  machineLearning: MachineLearningConfig;
  search?: SearchRepositoryConfig;
  /** run queued jobs in this process; default true */
  runJobs?: boolean;
  /** jobs run at once per job name (Immich's queue concurrency; default Ocr 1, SmartSearch 2) */
  jobConcurrency?: Partial<Record<ModelJobName, number>>;
  /** retype smart_search.embedding to the CLIP model's size */
  adaptEmbeddingDimension?: boolean;
  log?: (line: string) => void;
  /** ONNX session load/unload lines */
  modelLog?: (line: string) => void;
}
