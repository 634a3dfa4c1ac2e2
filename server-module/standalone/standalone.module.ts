import 'reflect-metadata';
/**
 * The standalone host's Nest module (Immich does not use it: the patches wire `immich/`): the local
 * ML provider, the ranked OCR/hybrid search, the regenerate actions and the job runner, on the
 * standalone database.
 */
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { LocalMachineLearningRepository } from '../ml-provider/machine-learning.repository';
import { LensSearchRepository } from '../search/repository';
import { AssetJobService } from './asset-job.service';
import { AssetRepository } from './asset.repository';
import { JobQueueRepository } from './job-queue.repository';
import { JobRunner } from './job-runner.service';
import type { StandaloneModuleOptions } from './module-options';
import { RegenerateService } from './regenerate.service';
import { SearchService } from './search.service';
import { STANDALONE_DB, STANDALONE_OPTIONS } from './tokens';

/** Releases the ONNX sessions when the app closes. */
@Injectable()
class MlDisposer implements OnApplicationShutdown {
  constructor(
    @Inject(LocalMachineLearningRepository) private readonly ml: LocalMachineLearningRepository,
    @Inject(JobRunner) private readonly runner: JobRunner,
  ) {}
  async onApplicationShutdown() {
    await this.runner.onApplicationShutdown(); // running jobs finish before their sessions go
    await this.ml.dispose();
  }
}

@Module({})
export class StandaloneModule {
  static forRoot(options: StandaloneModuleOptions): DynamicModule {
    return {
      module: StandaloneModule,
      global: true,
      providers: [
        { provide: STANDALONE_OPTIONS, useValue: options },
        { provide: STANDALONE_DB, useValue: options.db },
        {
          provide: LocalMachineLearningRepository,
          useFactory: () => {
            const ml = new LocalMachineLearningRepository(options.inference, options.log, options.modelLog);
            ml.setup(options.machineLearning);
            return ml;
          },
        },
        { provide: LensSearchRepository, useFactory: () => new LensSearchRepository(options.db as any, options.search) },
        { provide: AssetRepository, useFactory: () => new AssetRepository(options.db) },
        { provide: JobQueueRepository, useFactory: () => new JobQueueRepository(options.db) },
        AssetJobService,
        JobRunner,
        SearchService,
        RegenerateService,
        MlDisposer,
      ],
      exports: [STANDALONE_OPTIONS, STANDALONE_DB, LocalMachineLearningRepository, LensSearchRepository, AssetRepository, JobQueueRepository, AssetJobService, JobRunner, SearchService, RegenerateService],
    };
  }
}
