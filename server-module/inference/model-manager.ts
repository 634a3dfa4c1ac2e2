/**
 * ModelManager — one onnxruntime-node InferenceSession per model file, shared by the OCR and CLIP
 * engines. It reproduces the Immich ML behaviours users rely on:
 *
 *   const manager = new ModelManager({
 *     intraOpThreads: 2,        // ORT intra-op threads per session (default: available cores)
 *     idleUnloadMs: 300_000,    // release a session after this long without use; 0 = never (default 300 s, Immich's model TTL)
 *     maxConcurrentRuns: 1,     // session.run calls in flight per session; more wait FIFO (default 1)
 *     threadSpinning: 'never',  // ORT intra-op threads busy-wait for work: 'always' (ORT's default),
 *                               // 'during-run' (stop when run returns) or 'never' (default, see below)
 *     preload: [visualPath],    // loaded by `await manager.preload()`
 *     log: (line) => logger.log(line),
 *   });
 *   const visual = manager.model('/cache/clip/ViT-B-32__openai/visual/model.onnx'); // cheap handle, no I/O
 *   const info = await visual.info();           // lazily loads; input/output names + metadata
 *   const out = await visual.run({ image });    // lazily (re)loads, bounded, re-arms the idle timer
 *   await manager.run(path, feeds);             // same as manager.model(path).run(feeds)
 *   manager.stats(path);                        // loads/unloads/runs, active/peak runs, ms inside session.run
 *   await manager.unload(path); await manager.dispose();
 *
 * Sessions are keyed by resolved file path: every handle on the same file shares one session.
 * Errors (model-errors.ts): ModelLoadError (missing/unreadable/empty/corrupt file, names the file),
 * ModelInputError (feeds vs the model's declared inputs: names, element type, rank, fixed dims).
 * Note: onnxruntime-node executes session.run synchronously on the JS thread (after a setImmediate),
 * so callers that must stay responsive run the manager inside a worker_thread, as Immich's
 * microservices worker does.
 * Thread spinning: with ORT's default, a session's idle intra-op threads busy-wait for the next
 * operator and keep spinning after run returns. That takes cores from image decoding between runs,
 * from the other sessions here (OCR and CLIP run concurrently) and from the rest of the server;
 * Measured with the ViT-B/32-sized model on a shared 2-core machine under load: with spinning,
 * one-image encodes took 1.4–1.8× the CPU time and ran up to 1.6× slower than with it off; on an
 * idle machine spinning was ~5 % faster. Hence 'never' by default, 'always' for a dedicated box.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { ModelLoadError } from './model-errors';
import { checkFeeds } from './model-feeds';
import type { Feeds, ModelInfo, ModelManagerOptions, ModelOptions, ModelStats, Outputs, ThreadSpinning } from './model-types';
import { defaultThreadCount, spinningConfig } from './ort-threads';
import { Semaphore } from './semaphore';

export { ModelError, ModelLoadError, ModelInputError, ModelDimensionError } from './model-errors';

export type { Feeds, ModelInfo, ModelManagerOptions, ModelOptions, ModelStats, Outputs, ThreadSpinning } from './model-types';

interface Entry {
  readonly path: string;
  readonly sessionOptions: ort.InferenceSession.SessionOptions;
  readonly semaphore: Semaphore;
  session: ort.InferenceSession | null;
  loading: Promise<ort.InferenceSession> | null;
  unloading: Promise<void> | null;
  /** callers between entering run()/info() and leaving it; the idle timer only runs at 0 */
  users: number;
  idleTimer: NodeJS.Timeout | null;
  stats: Omit<ModelStats, 'loaded' | 'waitingRuns'>;
}

const DEFAULT_IDLE_UNLOAD_MS = 300_000;
const DEFAULT_THREAD_SPINNING: ThreadSpinning = 'never';

export { defaultThreadCount };

export class ModelManager {
  private readonly entries = new Map<string, Entry>();
  private readonly intraOpThreads: number;
  private readonly idleUnloadMs: number;
  private readonly maxConcurrentRuns: number;
  private readonly threadSpinning: ThreadSpinning;
  private readonly preloadPaths: string[];
  private readonly log: (line: string) => void;
  private disposed = false;

  constructor(options: ModelManagerOptions = {}) {
    this.intraOpThreads = positiveInt('intraOpThreads', options.intraOpThreads ?? defaultThreadCount());
    this.idleUnloadMs = options.idleUnloadMs ?? DEFAULT_IDLE_UNLOAD_MS;
    if (!(this.idleUnloadMs >= 0)) throw new RangeError(`idleUnloadMs must be >= 0, got ${options.idleUnloadMs}`);
    this.maxConcurrentRuns = positiveInt('maxConcurrentRuns', options.maxConcurrentRuns ?? 1);
    this.threadSpinning = options.threadSpinning ?? DEFAULT_THREAD_SPINNING;
    if (!['always', 'during-run', 'never'].includes(this.threadSpinning)) {
      throw new RangeError(`threadSpinning must be 'always', 'during-run' or 'never', got ${options.threadSpinning}`);
    }
    this.preloadPaths = options.preload ?? [];
    this.log = options.log ?? (() => {});
  }

  /** A handle on one model file; creating it does no I/O. */
  model(modelPath: string, options: ModelOptions = {}): ManagedModel {
    return new ManagedModel(this, this.entry(modelPath, options).path);
  }

  /** Loads the preload list (one after another, so peak memory stays one load at a time). */
  async preload(paths: string[] = this.preloadPaths): Promise<void> {
    for (const p of paths) await this.info(p);
  }

  async run(modelPath: string, feeds: Feeds, options?: ModelOptions): Promise<Outputs> {
    const entry = this.entry(modelPath, options);
    return this.using(entry, () =>
      entry.semaphore.use(async () => {
        const session = await this.ensureLoaded(entry);
        checkFeeds(entry.path, session, feeds);
        entry.stats.activeRuns++;
        entry.stats.peakActiveRuns = Math.max(entry.stats.peakActiveRuns, entry.stats.activeRuns);
        const started = performance.now();
        try {
          return await session.run(feeds);
        } finally {
          entry.stats.activeRuns--;
          entry.stats.runs++;
          entry.stats.runMs += performance.now() - started;
        }
      }),
    );
  }

  async info(modelPath: string, options?: ModelOptions): Promise<ModelInfo> {
    const entry = this.entry(modelPath, options);
    return this.using(entry, async () => {
      const s = await this.ensureLoaded(entry);
      return { inputNames: s.inputNames, outputNames: s.outputNames, inputMetadata: s.inputMetadata, outputMetadata: s.outputMetadata };
    });
  }

  isLoaded(modelPath: string): boolean {
    return this.entries.get(path.resolve(modelPath))?.session != null;
  }

  stats(modelPath: string): ModelStats {
    const entry = this.entries.get(path.resolve(modelPath));
    if (!entry) return { loaded: false, loads: 0, unloads: 0, runs: 0, activeRuns: 0, peakActiveRuns: 0, waitingRuns: 0, runMs: 0 };
    return { ...entry.stats, loaded: entry.session != null, waitingRuns: entry.semaphore.waiting };
  }

  /** Releases the session now unless a run is in progress; returns whether it was released. */
  async unload(modelPath: string): Promise<boolean> {
    const entry = this.entries.get(path.resolve(modelPath));
    return entry ? this.unloadEntry(entry) : false;
  }

  /** Releases every session; the manager refuses work afterwards. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.entries.values()].map(async (e) => {
      this.clearIdleTimer(e);
      await e.loading?.catch(() => undefined);
      await e.unloading;
      const session = e.session;
      e.session = null;
      await session?.release();
    }));
  }

  private entry(modelPath: string, options: ModelOptions = {}): Entry {
    if (this.disposed) throw new Error('ModelManager has been disposed');
    const key = path.resolve(modelPath);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        path: key,
        sessionOptions: {
          intraOpNumThreads: this.intraOpThreads,
          interOpNumThreads: 1,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
          extra: spinningConfig(this.threadSpinning),
          ...options.sessionOptions,
        },
        semaphore: new Semaphore(positiveInt('maxConcurrentRuns', options.maxConcurrentRuns ?? this.maxConcurrentRuns)),
        session: null,
        loading: null,
        unloading: null,
        users: 0,
        idleTimer: null,
        stats: { loads: 0, unloads: 0, runs: 0, activeRuns: 0, peakActiveRuns: 0, runMs: 0 },
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async using<T>(entry: Entry, fn: () => Promise<T>): Promise<T> {
    entry.users++;
    this.clearIdleTimer(entry);
    try {
      return await fn();
    } finally {
      entry.users--;
      if (entry.users === 0) this.armIdleTimer(entry);
    }
  }

  private async ensureLoaded(entry: Entry): Promise<ort.InferenceSession> {
    if (this.disposed) throw new Error(`ModelManager has been disposed; cannot load ${entry.path}`);
    if (entry.unloading) await entry.unloading;
    if (entry.session) return entry.session;
    entry.loading ??= this.load(entry).then(
      (session) => {
        entry.session = session;
        entry.loading = null;
        return session;
      },
      (error: unknown) => {
        entry.loading = null; // a later call retries: the file may have been fixed meanwhile
        throw error;
      },
    );
    return entry.loading;
  }

  private async load(entry: Entry): Promise<ort.InferenceSession> {
    const file = entry.path;
    let size: number;
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new ModelLoadError(`model path is not a file: ${file}`, file);
      size = st.size;
    } catch (error) {
      if (error instanceof ModelLoadError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'model file not found' : `cannot read model file (${code ?? error})`;
      throw new ModelLoadError(`${reason}: ${file}`, file, { cause: error });
    }
    if (size === 0) throw new ModelLoadError(`model file is empty (corrupt or incomplete download): ${file}`, file);
    const started = performance.now();
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(file, entry.sessionOptions);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ModelLoadError(`cannot load ONNX model ${file} (corrupt or not an ONNX model?): ${detail}`, file, { cause: error });
    }
    entry.stats.loads++;
    this.log(`loaded ${file} in ${Math.round(performance.now() - started)} ms`);
    return session;
  }

  private async unloadEntry(entry: Entry): Promise<boolean> {
    this.clearIdleTimer(entry);
    if (entry.loading) await entry.loading.catch(() => undefined);
    if (entry.users > 0 || !entry.session || entry.unloading) return false;
    const session = entry.session;
    entry.session = null;
    entry.stats.unloads++;
    entry.unloading = session.release().finally(() => {
      entry.unloading = null;
    });
    await entry.unloading;
    this.log(`unloaded ${entry.path} (idle)`);
    return true;
  }

  private armIdleTimer(entry: Entry): void {
    if (this.idleUnloadMs === 0 || this.disposed || !entry.session) return;
    this.clearIdleTimer(entry);
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = null;
      void this.unloadEntry(entry).catch((error) => this.log(`unloading ${entry.path} failed: ${error}`));
    }, this.idleUnloadMs);
    entry.idleTimer.unref(); // an idle model must not keep the process alive
  }

  private clearIdleTimer(entry: Entry): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
  }
}

/** A model file managed by a ModelManager; cheap to create and keep. */
export class ManagedModel {
  constructor(
    private readonly manager: ModelManager,
    readonly path: string,
  ) {}

  run(feeds: Feeds): Promise<Outputs> {
    return this.manager.run(this.path, feeds);
  }

  info(): Promise<ModelInfo> {
    return this.manager.info(this.path);
  }

  stats(): ModelStats {
    return this.manager.stats(this.path);
  }
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
