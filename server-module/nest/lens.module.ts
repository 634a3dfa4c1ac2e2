import 'reflect-metadata';
/**
 * The immich-lens Nest module: the local ML provider (Immich's MachineLearningRepository seam), the
 * ranked OCR/hybrid search, the regenerate actions and the job runner. Inside Immich the host passes
 * its database and config; the standalone host passes its own.
 */
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { LensSearchRepository } from '../search';
import { AssetJobService } from './asset-job.service';
import { LensJobRunner } from './job-runner.service';
import { LensAssetRepository } from './lens-asset.repository';
import { LensJobRepository } from './lens-job.repository';
import type { LensModuleOptions } from './lens-options';
import { LensSearchService } from './lens-search.service';
import { LocalMachineLearningRepository } from './local-machine-learning.repository';
import { RegenerateService } from './regenerate.service';
import { LENS_DB, LENS_OPTIONS } from './tokens';

/** Releases the ONNX sessions when the app closes. */
@Injectable()
class MlDisposer implements OnApplicationShutdown {
  constructor(
    @Inject(LocalMachineLearningRepository) private readonly ml: LocalMachineLearningRepository,
    @Inject(LensJobRunner) private readonly runner: LensJobRunner,
  ) {}
  async onApplicationShutdown() {
    await this.runner.onApplicationShutdown(); // running jobs finish before their sessions go
    await this.ml.dispose();
  }
}

@Module({})
export class LensModule {
  static forRoot(options: LensModuleOptions): DynamicModule {
    return {
      module: LensModule,
      global: true,
      providers: [
        { provide: LENS_OPTIONS, useValue: options },
        { provide: LENS_DB, useValue: options.db },
        {
          provide: LocalMachineLearningRepository,
          useFactory: () => {
            const ml = new LocalMachineLearningRepository(options.inference, options.log, options.modelLog);
            ml.setup(options.machineLearning);
            return ml;
          },
        },
        { provide: LensSearchRepository, useFactory: () => new LensSearchRepository(options.db as any, options.search) },
        { provide: LensAssetRepository, useFactory: () => new LensAssetRepository(options.db) },
        { provide: LensJobRepository, useFactory: () => new LensJobRepository(options.db) },
        AssetJobService,
        LensJobRunner,
        LensSearchService,
        RegenerateService,
        MlDisposer,
      ],
      exports: [LENS_OPTIONS, LENS_DB, LocalMachineLearningRepository, LensSearchRepository, LensAssetRepository, LensJobRepository, AssetJobService, LensJobRunner, LensSearchService, RegenerateService],
    };
  }
}
