/**
 * `regenerate-ocr` / `regenerate-clip` on a list of assets (Immich's POST /assets/jobs): the feature
 * must be available (regenerateJobDisabledReason, as in Immich), and every id must exist and be the
 * caller's own (Immich's AssetUpdate access; locked assets need an elevated session) before anything
 * is queued — one refused id queues nothing.
 */
import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { REGENERATE_JOBS, regenerateJobDisabledReason, RegenerateJobName } from '../jobs/regenerate-jobs';
import { LocalMachineLearningRepository } from '../ml-provider/machine-learning.repository';
import { mayAccess } from './asset-access';
import { AssetRepository } from './asset.repository';
import { JobQueueRepository } from './job-queue.repository';
import { JobRunner } from './job-runner.service';
import type { StandaloneModuleOptions } from './module-options';
import { STANDALONE_OPTIONS } from './tokens';
import type { LensAuth } from './types';

@Injectable()
export class RegenerateService {
  constructor(
    @Inject(STANDALONE_OPTIONS) private readonly options: StandaloneModuleOptions,
    @Inject(LocalMachineLearningRepository) private readonly ml: LocalMachineLearningRepository,
    @Inject(AssetRepository) private readonly assets: AssetRepository,
    @Inject(JobQueueRepository) private readonly jobs: JobQueueRepository,
    @Inject(JobRunner) private readonly runner: JobRunner,
  ) {}

  async run(auth: LensAuth, dto: { assetIds: string[]; name: RegenerateJobName }): Promise<void> {
    const ids = [...new Set(dto.assetIds)];
    await this.requireUpdateAccess(auth, ids);
    const { machineLearning } = this.options;
    const clip = { enabled: machineLearning.clip.enabled && this.ml.hasClip(machineLearning.clip.modelName) };
    const disabled = regenerateJobDisabledReason(dto.name, { ...machineLearning, clip });
    if (disabled) throw new BadRequestException(disabled);
    await this.jobs.queue(REGENERATE_JOBS[dto.name].job, ids);
    this.runner.wake();
  }

  /** 404 for ids that do not exist, 403 for assets the caller may not change. */
  async requireUpdateAccess(auth: LensAuth, ids: string[]): Promise<void> {
    const found = new Map((await this.assets.getByIds(ids)).map((a) => [a.id, a]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new NotFoundException(`Asset not found: ${missing.join(', ')}`);
    const refused = ids.filter((id) => !mayAccess(auth, found.get(id)!));
    if (refused.length > 0) throw new ForbiddenException(`Not allowed to change asset: ${refused.join(', ')} (asset.update)`);
  }
}
