/**
 * Drop-in for Immich's MachineLearningRepository (same methods, arguments and return shapes):
 * CLIP and OCR run in-process on onnxruntime when IMMICH_LENS_LOCAL lists them and the model is
 * available locally; faces — and, with remoteFallback, models missing locally — go to the remote
 * ML URLs in Immich ML's /predict format.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClipModel, toVectorLiteral } from '../inference/clip';
import { ModelLoadError } from '../inference/model-errors';
import { ModelManager } from '../inference/model-manager';
import { OcrEngine } from '../inference/ocr/ocr-engine';
import { EMBEDDED_OCR_MODEL_NAME, ocrModelFromDirectory, resolveOcrModel } from '../inference/ocr/ocr-models';
import { RemoteMlClient } from './remote-ml.client';
import {
  DEFAULT_MACHINE_LEARNING_CONFIG,
  type DetectedFaces,
  type Face,
  type FaceDetectionOptions,
  type LensInferenceConfig,
  type MachineLearningConfig,
  type ModelOptions,
  type OCR,
  type OcrOptions,
  type TextEncodingOptions,
} from './types';

/** Where a request went, for logs and tests. */
export type Route = 'local' | 'remote';

export class LocalMachineLearningRepository {
  private config: MachineLearningConfig = DEFAULT_MACHINE_LEARNING_CONFIG;
  private interval?: NodeJS.Timeout;
  private readonly manager: ModelManager;
  private readonly remote: RemoteMlClient;
  private readonly clipModels = new Map<string, Promise<ClipModel>>();
  private readonly ocrEngines = new Map<string, Promise<OcrEngine>>();
  /** counts per task and route (observability; the tests read it) */
  readonly routed: Record<string, number> = {};
  private clipStatus?: string;

  constructor(
    private readonly lens: LensInferenceConfig,
    private readonly log: (line: string) => void = () => {},
    /** session load/unload lines (the host's debug log); default: none */
    modelLog?: (line: string) => void,
    /** `announceClip`: log where CLIP runs whenever that changes (a server's log; a one-shot CLI has its own messages) */
    private readonly options: { announceClip?: boolean } = {},
  ) {
    this.manager = new ModelManager({ intraOpThreads: lens.threads, idleUnloadMs: lens.idleUnloadMs, log: modelLog });
    this.remote = new RemoteMlClient(log);
  }

  /** Same contract as Immich's: called with the system config at start and on every config change. */
  setup(config: MachineLearningConfig): void {
    this.config = config;
    this.teardown();
    if (config.enabled && config.clip.enabled) this.reportClip(config.clip.modelName);
    if (!config.enabled || !config.availabilityChecks.enabled || config.urls.length === 0) return;
    const check = () => void this.remote.checkAll(config.urls, config.availabilityChecks.timeout);
    check();
    this.interval = setInterval(check, config.availabilityChecks.interval);
    this.interval.unref();
  }

  teardown(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
  }

  async dispose(): Promise<void> {
    this.teardown();
    await this.manager.dispose();
  }

  async detectFaces(imagePath: string, { modelName, minScore }: FaceDetectionOptions): Promise<DetectedFaces> {
    this.count('faces', 'remote');
    const response = await this.remote.predict<{ imageHeight: number; imageWidth: number; 'facial-recognition': Face[] }>(
      this.config.urls,
      { imagePath },
      { 'facial-recognition': { detection: { modelName, options: { minScore } }, recognition: { modelName } } },
    );
    return { imageHeight: response.imageHeight, imageWidth: response.imageWidth, faces: response['facial-recognition'] };
  }

  /** CLIP image embedding as a pgvector literal, like Immich ML returns it. */
  async encodeImage(imagePath: string, { modelName }: ModelOptions): Promise<string> {
    if (this.reportClip(modelName) === 'remote') {
      this.count('clip', 'remote');
      const response = await this.remote.predict<{ clip: string }>(this.config.urls, { imagePath }, { clip: { visual: { modelName } } });
      return response.clip;
    }
    this.count('clip', 'local');
    return toVectorLiteral(await (await this.clip(modelName)).encodeImage(imagePath));
  }

  async encodeText(text: string, { language, modelName }: TextEncodingOptions): Promise<string> {
    if (this.reportClip(modelName) === 'remote') {
      this.count('clip', 'remote');
      const response = await this.remote.predict<{ clip: string }>(this.config.urls, { text }, { clip: { textual: { modelName, options: { language } } } });
      return response.clip;
    }
    this.count('clip', 'local');
    return toVectorLiteral(await (await this.clip(modelName)).encodeText(text));
  }

  async ocr(imagePath: string, { modelName, minDetectionScore, minRecognitionScore, maxResolution }: ModelOptions & OcrOptions): Promise<OCR & { width?: number; height?: number }> {
    if (this.ocrRoute(modelName) === 'remote') {
      this.count('ocr', 'remote');
      const response = await this.remote.predict<{ ocr: OCR }>(this.config.urls, { imagePath }, {
        ocr: {
          detection: { modelName, options: { minScore: minDetectionScore, maxResolution } },
          recognition: { modelName, options: { minScore: minRecognitionScore } },
        },
      });
      return response.ocr;
    }
    this.count('ocr', 'local');
    const run = await (await this.ocrEngine(modelName)).run(imagePath, { minDetectionScore, minRecognitionScore, maxResolution });
    // the image's size too: the reading order of the standalone index measures boxes by it (Immich reads the four fields)
    return { text: run.text, box: run.box, boxScore: run.boxScore, textScore: run.textScore, width: run.width, height: run.height };
  }

  /** The directory a CLIP model name is read from, if it is there. */
  clipModelDir(modelName: string): string | undefined {
    const dir = this.lens.clipModelDir ?? join(this.lens.cacheFolder, 'clip', modelName);
    return existsSync(dir) ? dir : undefined;
  }

  clipRoute(modelName: string): Route {
    if (!this.lens.local.includes('clip')) return 'remote';
    if (!this.clipModelDir(modelName) && this.lens.remoteFallback) return 'remote';
    return 'local';
  }

  /**
   * The route for a CLIP model, and one log line whenever it changes (at start, on a config change,
   * when the model appears in the cache): where CLIP runs, or why smart search cannot run yet.
   */
  private reportClip(modelName: string): Route {
    const route = this.clipRoute(modelName);
    const dir = this.clipModelDir(modelName);
    const where = this.lens.clipModelDir ?? join(this.lens.cacheFolder, 'clip');
    const service = `the ML service (${this.config.urls.join(', ') || 'no machineLearning.urls'})`;
    let status: string;
    if (!this.lens.local.includes('clip')) status = `CLIP model ${modelName}: on ${service} (IMMICH_LENS_LOCAL does not list clip)`;
    else if (dir) status = `CLIP model ${modelName}: in-process from ${dir}`;
    else if (route === 'remote') {
      status = `CLIP model ${modelName} is not in ${where}: smart search goes to ${service} (IMMICH_LENS_REMOTE_FALLBACK=true) and runs in-process once the model is there (Immich's ML container downloads it into the shared cache; or scripts/download-models)`;
    } else {
      status = `CLIP model ${modelName} is not in ${where} and IMMICH_LENS_REMOTE_FALLBACK=false: smart-search jobs fail and free-text searches answer 400 until it is installed (scripts/download-models --cache ${this.lens.cacheFolder} ${modelName}) or the fallback is on`;
    }
    if (this.options.announceClip && status !== this.clipStatus) {
      this.clipStatus = status;
      this.log(status);
    }
    return route;
  }

  ocrRoute(modelName: string): Route {
    if (!this.lens.local.includes('ocr')) return 'remote';
    const cached = this.lens.ocrModelDir !== undefined || existsSync(join(this.lens.cacheFolder, 'ocr', modelName, 'detection', 'model.onnx'));
    if (!cached && this.lens.remoteFallback) return 'remote';
    return 'local';
  }

  /** Whether a CLIP model is usable in-process or remotely (the standalone host skips CLIP otherwise). */
  hasClip(modelName: string): boolean {
    return this.clipRoute(modelName) === 'remote' ? this.config.urls.length > 0 : this.clipModelDir(modelName) !== undefined;
  }

  private clip(modelName: string): Promise<ClipModel> {
    let model = this.clipModels.get(modelName);
    if (!model) {
      const dir = this.clipModelDir(modelName);
      model = dir
        ? ClipModel.open(dir, this.manager)
        : Promise.reject(new ModelLoadError(`CLIP model '${modelName}' not found in ${this.lens.cacheFolder}/clip`, modelName));
      this.clipModels.set(modelName, model);
      model.catch(() => this.clipModels.delete(modelName));
    }
    return model;
  }

  private ocrEngine(modelName: string): Promise<OcrEngine> {
    let engine = this.ocrEngines.get(modelName);
    if (!engine) {
      const files = this.lens.ocrModelDir
        ? ocrModelFromDirectory(this.lens.ocrModelDir, modelName)
        : resolveOcrModel(this.lens.cacheFolder, modelName, (line) => this.log(line));
      // every missing model name falls back to the same embedded model: share one engine
      const key = files.name === EMBEDDED_OCR_MODEL_NAME ? EMBEDDED_OCR_MODEL_NAME : modelName;
      engine = this.ocrEngines.get(key) ?? OcrEngine.load(files, this.manager);
      this.ocrEngines.set(key, engine);
      this.ocrEngines.set(modelName, engine);
      engine.catch(() => {
        this.ocrEngines.delete(modelName);
        this.ocrEngines.delete(key);
      });
    }
    return engine;
  }

  private count(task: string, route: Route) {
    const key = `${task}:${route}`;
    this.routed[key] = (this.routed[key] ?? 0) + 1;
  }
}
