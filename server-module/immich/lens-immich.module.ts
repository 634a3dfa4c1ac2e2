import 'reflect-metadata';
/**
 * What Immich's ApiModule and MicroservicesModule import: the in-process ML provider, configured from
 * the immich-lens environment (ml-provider/config.ts: an unusable value stops Immich at startup with
 * a message naming the variable). Immich binds
 * its MachineLearningRepository token to it and calls `setup(config)` on every config change, as it
 * does for its own repository. Faces (and models missing locally, with remote fallback) still go to
 * `machineLearning.urls`.
 */
import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { readInferenceConfig } from '../ml-provider/config';
import { LocalMachineLearningRepository } from '../ml-provider/machine-learning.repository';

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
  static forRoot(options: { log?: (line: string) => void; modelLog?: (line: string) => void; env?: Record<string, string | undefined> } = {}): DynamicModule {
    const logger = new Logger('ImmichLens');
    options = { log: (line) => logger.log(line), modelLog: (line) => logger.debug(line), ...options };
    return {
      module: LensImmichModule,
      global: true,
      providers: [
        {
          provide: LocalMachineLearningRepository,
          useFactory: () => new LocalMachineLearningRepository(readInferenceConfig(options.env), options.log, options.modelLog, { announceClip: true }),
        },
        SessionDisposer,
      ],
      exports: [LocalMachineLearningRepository],
    };
  }
}
