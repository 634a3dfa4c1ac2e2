import type { Kysely } from 'kysely';
import type { SearchRepositoryConfig } from '../search';
import type { LensInferenceConfig, MachineLearningConfig } from './ml-config';
import type { HostDatabase, LensJobName } from './types';

export interface LensModuleOptions {
  db: Kysely<HostDatabase>;
  inference: LensInferenceConfig;
  /** Immich's machineLearning system config (the host passes its own) */
  machineLearning: MachineLearningConfig;
  search?: SearchRepositoryConfig;
  /** run queued jobs in this process (Immich: the microservices worker); default true */
  runJobs?: boolean;
  /** jobs run at once per job name (Immich's queue concurrency; default ocr 1, smart-search 2) */
  jobConcurrency?: Partial<Record<LensJobName, number>>;
  /** standalone host: retype smart_search.embedding to the CLIP model's size */
  adaptEmbeddingDimension?: boolean;
  log?: (line: string) => void;
  /** ONNX session load/unload lines */
  modelLog?: (line: string) => void;
}
