/**
 * Images → L2-normalised embeddings, in batches, decoding the next batch while the model runs.
 * Single encode() calls that arrive while the model is busy (Immich runs several SmartSearch jobs
 * at once) are coalesced into one batch for the next run.
 */
import * as ort from 'onnxruntime-node';
import { ModelDimensionError, ModelLoadError } from '../model-errors';
import type { ManagedModel } from '../model-manager';
import type { PreprocessConfig } from './clip-config';
import { rowsOf } from './embedding';
import { cnClipPreprocess } from './model-layout';
import { type ImageInput, normalizeInto, startRgb } from './preprocess';

export type ImageEmbeddingResult = { ok: true; embedding: Float32Array } | { ok: false; error: Error };

interface Signature {
  inputName: string;
  outputName: string;
  preprocess: PreprocessConfig;
  /** 1 when the export fixed the batch dimension */
  maxBatch: number;
}

export class VisualEncoder {
  private signature: Promise<Signature> | null = null;
  private readonly waiting: Array<{ pixels: Promise<Buffer>; resolve: (v: Float32Array) => void; reject: (e: unknown) => void }> = [];
  private draining = false;

  constructor(
    private readonly model: ManagedModel,
    private readonly preprocess: PreprocessConfig | 'from-model-input',
    private readonly embedDim: number | undefined,
    readonly batchSize = 8,
  ) {}

  async encode(input: ImageInput): Promise<Float32Array> {
    const sig = await this.resolveSignature();
    const { pixels } = await startRgb(input, sig.preprocess); // decoding proceeds while we wait our turn
    return new Promise((resolve, reject) => {
      this.waiting.push({ pixels, resolve, reject });
      void this.drain(sig);
    });
  }

  private async drain(sig: Signature): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, Math.max(1, Math.min(this.batchSize, sig.maxBatch)));
        const decoded = await Promise.allSettled(batch.map((b) => b.pixels));
        try {
          const results = await this.runBatch(decoded, sig);
          results.forEach((r, i) => (r.ok ? batch[i].resolve(r.embedding) : batch[i].reject(r.error)));
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * One result per input, in order. An unreadable image yields its own error and the rest of the
   * batch is still encoded; model errors (load, dimensions) reject the whole call.
   */
  async encodeMany(inputs: ImageInput[]): Promise<ImageEmbeddingResult[]> {
    const sig = await this.resolveSignature();
    const batch = Math.max(1, Math.min(this.batchSize, sig.maxBatch));
    const chunks: ImageInput[][] = [];
    for (let i = 0; i < inputs.length; i += batch) chunks.push(inputs.slice(i, i + batch));

    const results: ImageEmbeddingResult[] = [];
    let next = chunks.length > 0 ? await this.startDecoding(chunks[0], sig.preprocess) : null;
    for (let k = 0; k < chunks.length; k++) {
      const decoded = await next!.decoded;
      // headers of the next batch now; its pixels decode while this batch runs
      next = k + 1 < chunks.length ? await this.startDecoding(chunks[k + 1], sig.preprocess) : null;
      results.push(...(await this.runBatch(decoded, sig)));
    }
    return results;
  }

  private async startDecoding(chunk: ImageInput[], cfg: PreprocessConfig): Promise<{ decoded: Promise<PromiseSettledResult<Buffer>[]> }> {
    const started = await Promise.allSettled(chunk.map((input) => startRgb(input, cfg)));
    return { decoded: Promise.allSettled(started.map((s) => (s.status === 'fulfilled' ? s.value.pixels : Promise.reject(s.reason)))) };
  }

  private async runBatch(decoded: PromiseSettledResult<Buffer>[], sig: Signature): Promise<ImageEmbeddingResult[]> {
    const ok = decoded.filter((d): d is PromiseFulfilledResult<Buffer> => d.status === 'fulfilled');
    let embeddings: Float32Array[] = [];
    if (ok.length > 0) {
      const size = sig.preprocess.size;
      const per = 3 * size * size;
      const pixels = new Float32Array(per * ok.length);
      ok.forEach((d, i) => normalizeInto(d.value, sig.preprocess, pixels, i * per));
      const out = await this.model.run({ [sig.inputName]: new ort.Tensor('float32', pixels, [ok.length, 3, size, size]) });
      embeddings = rowsOf(out[sig.outputName], ok.length, this.embedDim, this.model.path);
    }
    let j = 0;
    return decoded.map((d) => (d.status === 'fulfilled' ? { ok: true, embedding: embeddings[j++] } : { ok: false, error: d.reason as Error }));
  }

  private resolveSignature(): Promise<Signature> {
    this.signature ??= this.readSignature().catch((error) => {
      this.signature = null;
      throw error;
    });
    return this.signature;
  }

  private async readSignature(): Promise<Signature> {
    const info = await this.model.info();
    const file = this.model.path;
    const meta = info.inputMetadata[0];
    if (info.inputNames.length !== 1 || !meta.isTensor || meta.type !== 'float32' || meta.shape.length !== 4) {
      throw new ModelLoadError(`${file}: a CLIP visual model has one float32 [N,3,H,W] input, this one has ${describeInputs(info.inputMetadata)}`, file);
    }
    const [n, c, h, w] = meta.shape;
    let preprocess: PreprocessConfig;
    if (this.preprocess === 'from-model-input') {
      if (typeof h !== 'number' || h !== w) throw new ModelLoadError(`${file}: cannot tell the image size from input shape [${meta.shape.join(',')}]`, file);
      preprocess = cnClipPreprocess(h);
    } else {
      preprocess = this.preprocess;
    }
    for (const [dim, want, what] of [[c, 3, 'channels'], [h, preprocess.size, 'height'], [w, preprocess.size, 'width']] as const) {
      if (typeof dim === 'number' && dim !== want) {
        throw new ModelDimensionError(`${file}: model input ${what} is ${dim} but preprocessing produces ${want} (input [${meta.shape.join(',')}], preprocess size ${preprocess.size})`, file);
      }
    }
    return { inputName: meta.name, outputName: info.outputNames[0], preprocess, maxBatch: n === 1 ? 1 : Infinity };
  }
}

export function describeInputs(metadata: readonly ort.InferenceSession.ValueMetadata[]): string {
  return metadata.map((m) => (m.isTensor ? `${m.name}: ${m.type} [${m.shape.join(',')}]` : `${m.name}: non-tensor`)).join('; ') || 'no inputs';
}
