/**
 * Runs lens_job rows in this process, per job name as many at a time as `jobConcurrency` says
 * (Immich's defaults: OCR 1, SmartSearch 2). Woken when jobs are queued here and by a one-second poll
 * for jobs queued by other processes.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ModelJobName } from '../jobs/regenerate-jobs';
import { AssetJobService } from './asset-job.service';
import { JobQueueRepository } from './job-queue.repository';
import type { StandaloneModuleOptions } from './module-options';
import { STANDALONE_OPTIONS } from './tokens';

export const DEFAULT_JOB_CONCURRENCY: Record<ModelJobName, number> = { Ocr: 1, SmartSearch: 2 };

@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running: Record<ModelJobName, number> = { Ocr: 0, SmartSearch: 0 };
  private stopped = true;
  private timer?: NodeJS.Timeout;
  private readonly active = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];

  constructor(
    @Inject(STANDALONE_OPTIONS) private readonly options: StandaloneModuleOptions,
    @Inject(JobQueueRepository) private readonly jobs: JobQueueRepository,
    @Inject(AssetJobService) private readonly assetJobs: AssetJobService,
  ) {}

  async onApplicationBootstrap() {
    if (this.options.runJobs === false) return;
    const requeued = await this.jobs.requeueRunning();
    if (requeued > 0) this.options.log?.(`${requeued} interrupted job(s) queued again`);
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), 1000);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.active]);
  }

  /** Starts workers up to the concurrency limit while jobs are queued. */
  wake(): void {
    if (this.stopped) return;
    for (const name of Object.keys(this.running) as ModelJobName[]) {
      const limit = this.options.jobConcurrency?.[name] ?? DEFAULT_JOB_CONCURRENCY[name];
      while (this.running[name] < limit) {
        this.running[name]++;
        const worker = this.work(name).finally(() => {
          this.running[name]--;
          this.active.delete(worker);
          if (this.active.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        });
        this.active.add(worker);
      }
    }
  }

  /** Resolves when no job is running (tests, CLI). */
  idle(): Promise<void> {
    return this.active.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async work(name: ModelJobName): Promise<void> {
    while (!this.stopped) {
      let job;
      try {
        job = await this.jobs.claimNext(name);
      } catch (error) {
        this.options.log?.(`job queue: ${(error as Error).message}`);
        return;
      }
      if (!job) return;
      try {
        await this.assetJobs.run(job.name, job.assetId);
        await this.jobs.finish(job.id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.options.log?.(`job ${job.name} ${job.assetId} failed: ${message}`);
        await this.jobs.finish(job.id, message).catch(() => {});
      }
    }
  }
}
