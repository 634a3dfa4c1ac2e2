/**
 * `regenerate-ocr` / `regenerate-clip` on a list of assets (Immich's POST /assets/jobs): every id
 * must exist and be the caller's own (Immich's AssetUpdate access; locked assets need an elevated
 * session) before anything is queued — one refused id queues nothing.
 */
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { LensJobRunner } from './job-runner.service';
import { LensAssetRepository } from './lens-asset.repository';
import { LensJobRepository } from './lens-job.repository';
import type { LensAuth, LensJobName } from './types';

export const REGENERATE_JOBS = { 'regenerate-ocr': 'ocr', 'regenerate-clip': 'smart-search' } as const satisfies Record<string, LensJobName>;
export type RegenerateJobName = keyof typeof REGENERATE_JOBS;

@Injectable()
export class RegenerateService {
  constructor(
    @Inject(LensAssetRepository) private readonly assets: LensAssetRepository,
    @Inject(LensJobRepository) private readonly jobs: LensJobRepository,
    @Inject(LensJobRunner) private readonly runner: LensJobRunner,
  ) {}

  async run(auth: LensAuth, dto: { assetIds: string[]; name: RegenerateJobName }): Promise<void> {
    const ids = [...new Set(dto.assetIds)];
    await this.requireUpdateAccess(auth, ids);
    await this.jobs.queue(REGENERATE_JOBS[dto.name], ids);
    this.runner.wake();
  }

  /** 404 for ids that do not exist, 403 for assets the caller may not change. */
  async requireUpdateAccess(auth: LensAuth, ids: string[]): Promise<void> {
    const found = new Map((await this.assets.getByIds(ids)).map((a) => [a.id, a]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new NotFoundException(`Asset not found: ${missing.join(', ')}`);
    const elevated = auth.session?.hasElevatedPermission === true;
    const refused = ids.filter((id) => {
      const asset = found.get(id)!;
      return asset.ownerId !== auth.user.id || (asset.visibility === 'locked' && !elevated);
    });
    if (refused.length > 0) throw new ForbiddenException(`Not allowed to change asset: ${refused.join(', ')} (asset.update)`);
  }
}
