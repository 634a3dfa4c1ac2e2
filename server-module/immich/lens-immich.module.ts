import 'reflect-metadata';
/**
 * What Immich's ApiModule and MicroservicesModule import: the in-process ML provider, configured from
 * the immich-lens environment (IMMICH_LENS_LOCAL, MACHINE_LEARNING_CACHE_FOLDER, ...). Immich binds
 * its MachineLearningRepository token to it and calls `setup(config)` on every config change, as it
 * does for its own repository. Faces (and models missing locally, with remote fallback) still go to
 * `machineLearning.urls`.
 */
import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { LocalMachineLearningRepository } from '../nest/local-machine-learning.repository';
import { inferenceConfigFromEnv } from '../nest/ml-config';

@Injectable()
class SessionDisposer implements OnApplicationShutdown {
  constructor(@Inject(LocalMachineLearningRepository) private readonly ml: LocalMachineLearningRepository) {}
  async onApplicationShutdown() {
    await this.ml.dispose();
  }
}

@Module({})
export class LensImmichModule {
  /** the provider Immich binds its MachineLearningRepository token to (`useExisting`) */
  static readonly machineLearning = LocalMachineLearningRepository;

  /**
   * `log` receives provider lines (routing, remote failures), `modelLog` ONNX session load/unload;
   * by default both go to Nest's logger, which Immich routes to its own.
   */
  static forRoot(options: { log?: (line: string) => void; modelLog?: (line: string) => void; env?: NodeJS.ProcessEnv } = {}): DynamicModule {
    const logger = new Logger('ImmichLens');
    options = { log: (line) => logger.log(line), modelLog: (line) => logger.debug(line), ...options };
    return {
      module: LensImmichModule,
      global: true,
      providers: [
        {
          provide: LocalMachineLearningRepository,
          useFactory: () => new LocalMachineLearningRepository(inferenceConfigFromEnv(options.env), options.log, options.modelLog),
        },
        SessionDisposer,
      ],
      exports: [LocalMachineLearningRepository],
    };
  }
}
