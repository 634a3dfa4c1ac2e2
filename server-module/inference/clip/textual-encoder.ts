/** Texts → L2-normalised embeddings; feeds ids (and mask / token types) as the model declares them. */
import * as ort from 'onnxruntime-node';
import { ModelDimensionError, ModelLoadError } from '../model-errors';
import type { ManagedModel } from '../model-manager';
import type { ClipTokenizer } from './clip-tokenizer';
import { rowsOf } from './embedding';
import { describeInputs } from './visual-encoder';

type Role = 'ids' | 'mask' | 'token-types';
interface TextInput {
  name: string;
  role: Role;
  type: 'int32' | 'int64';
}

interface Prepared {
  inputs: TextInput[];
  outputName: string;
  tokenizer: ClipTokenizer;
  /** 1 when the export fixed the batch dimension (cn_clip's text export is [1,52]) */
  maxBatch: number;
}

const DEFAULT_CONTEXT_LENGTH = 77;
const MAX_TEXT_BATCH = 64;

function roleOf(name: string, onlyInput: boolean): Role | undefined {
  if (/attention_mask/i.test(name)) return 'mask';
  if (/token_type/i.test(name)) return 'token-types';
  if (/^(text|input_ids|input|ids|tokens)$/i.test(name) || onlyInput) return 'ids';
  return undefined;
}

export class TextualEncoder {
  private prepared: Promise<Prepared> | null = null;

  constructor(
    private readonly model: ManagedModel,
    private readonly loadTokenizer: (contextLength: number) => Promise<ClipTokenizer>,
    private readonly configuredContextLength: number | undefined,
    private readonly embedDim: number | undefined,
  ) {}

  async encode(text: string): Promise<Float32Array> {
    return (await this.encodeMany([text]))[0];
  }

  async encodeMany(texts: string[]): Promise<Float32Array[]> {
    const { inputs, outputName, tokenizer, maxBatch } = await this.prepare();
    const results: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += maxBatch) {
      const chunk = texts.slice(start, start + maxBatch);
      const encoded = chunk.map((t) => tokenizer.encode(t));
      const L = tokenizer.contextLength;
      const feeds: Record<string, ort.Tensor> = {};
      for (const input of inputs) {
        const values = encoded.flatMap((e) => (input.role === 'ids' ? e.ids : input.role === 'mask' ? e.mask : new Array<number>(L).fill(0)));
        const data = input.type === 'int64' ? BigInt64Array.from(values, (v) => BigInt(v)) : Int32Array.from(values);
        feeds[input.name] = new ort.Tensor(input.type, data, [chunk.length, L]);
      }
      const out = await this.model.run(feeds);
      results.push(...rowsOf(out[outputName], chunk.length, this.embedDim, this.model.path));
    }
    return results;
  }

  private prepare(): Promise<Prepared> {
    this.prepared ??= this.readSignature().catch((error) => {
      this.prepared = null;
      throw error;
    });
    return this.prepared;
  }

  private async readSignature(): Promise<Prepared> {
    const info = await this.model.info();
    const file = this.model.path;
    const inputs: TextInput[] = [];
    let fixedLength: number | undefined;
    let maxBatch = MAX_TEXT_BATCH;
    for (const meta of info.inputMetadata) {
      const role = roleOf(meta.name, info.inputMetadata.length === 1);
      if (!role || !meta.isTensor || (meta.type !== 'int32' && meta.type !== 'int64') || meta.shape.length !== 2) {
        throw new ModelLoadError(`${file}: unsupported CLIP text model inputs (${describeInputs(info.inputMetadata)}); expected int32/int64 [N,L] ids and optionally attention_mask`, file);
      }
      inputs.push({ name: meta.name, role, type: meta.type });
      if (typeof meta.shape[1] === 'number') fixedLength = meta.shape[1];
      if (typeof meta.shape[0] === 'number') maxBatch = Math.max(1, Math.min(maxBatch, meta.shape[0]));
    }
    if (!inputs.some((i) => i.role === 'ids')) throw new ModelLoadError(`${file}: no token id input among ${describeInputs(info.inputMetadata)}`, file);
    const configured = this.configuredContextLength;
    if (fixedLength !== undefined && configured !== undefined && fixedLength !== configured) {
      throw new ModelDimensionError(`${file}: model takes ${fixedLength} tokens per text but config.json says context_length ${configured}`, file);
    }
    const tokenizer = await this.loadTokenizer(configured ?? fixedLength ?? DEFAULT_CONTEXT_LENGTH);
    return { inputs, outputName: info.outputNames[0], tokenizer, maxBatch };
  }
}
