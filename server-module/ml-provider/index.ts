/** The in-process replacement of Immich's MachineLearningRepository, and the environment it reads. */
export { LocalMachineLearningRepository } from './machine-learning.repository';
export type { Route } from './machine-learning.repository';
export { ConfigError, LENS_ENVIRONMENT, readInferenceConfig, readLensConfig } from './config';
export type { EnvironmentVariable, LensConfig, StandaloneEnvironment } from './config';
export * from './types';
