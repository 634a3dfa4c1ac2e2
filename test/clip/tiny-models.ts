/**
 * Tiny CLIP-shaped ONNX models with the real input/output signatures, generated for tests and the
 * benchmark (no CLIP weights can be downloaded here).
 */
import { buildOnnxModel, seededFloats } from '../helpers/onnx-builder';

export interface TinyVisual {
  bytes: Uint8Array;
  /** row-major [3*size*size, dim]: embedding = flatten(CHW pixels) · weights */
  weights: Float32Array;
}

/** image [N,3,size,size] float32 → Flatten → MatMul(fixed weights) → [N,dim] */
export function linearVisualModel(opts: { size: number; dim: number; seed?: number; inputName?: string; outputName?: string }): TinyVisual {
  const { size, dim } = opts;
  const inputs = 3 * size * size;
  const weights = seededFloats(inputs * dim, opts.seed ?? 1);
  const input = opts.inputName ?? 'image';
  const output = opts.outputName ?? 'embedding';
  const bytes = buildOnnxModel({
    inputs: [{ name: input, type: 'float32', shape: ['N', 3, size, size] }],
    outputs: [{ name: output, type: 'float32', shape: ['N', dim] }],
    initializers: [{ name: 'W', type: 'float32', dims: [inputs, dim], data: weights }],
    nodes: [
      { op: 'Flatten', inputs: [input], outputs: ['flat'], attributes: { axis: { int: 1 } } },
      { op: 'MatMul', inputs: ['flat', 'W'], outputs: [output] },
    ],
  });
  return { bytes, weights };
}

export interface TinyTextual {
  bytes: Uint8Array;
  /** row-major [vocabSize, dim]: embedding = mean over all context positions of table[id] */
  table: Float32Array;
}

/** text [N,contextLength] int32|int64 → Gather(embedding table) → ReduceMean over tokens → [N,dim] */
export function embeddingTextModel(opts: {
  vocabSize: number;
  dim: number;
  contextLength: number;
  idType: 'int32' | 'int64';
  seed?: number;
  inputName?: string;
  outputName?: string;
  /** fixed batch size, as cn_clip's text export has (default: dynamic 'N') */
  batch?: number;
}): TinyTextual {
  const table = seededFloats(opts.vocabSize * opts.dim, opts.seed ?? 2);
  const input = opts.inputName ?? 'text';
  const output = opts.outputName ?? 'embedding';
  const bytes = buildOnnxModel({
    inputs: [{ name: input, type: opts.idType, shape: [opts.batch ?? 'N', opts.contextLength] }],
    outputs: [{ name: output, type: 'float32', shape: [opts.batch ?? 'N', opts.dim] }],
    initializers: [{ name: 'table', type: 'float32', dims: [opts.vocabSize, opts.dim], data: table }],
    nodes: [
      { op: 'Gather', inputs: ['table', input], outputs: ['tokens'], attributes: { axis: { int: 0 } } },
      { op: 'ReduceMean', inputs: ['tokens'], outputs: [output], attributes: { axes: { ints: [1] }, keepdims: { int: 0 } } },
    ],
  });
  return { bytes, table };
}

/** Reference for embeddingTextModel in plain JS: mean of table rows over the ids. */
export function meanEmbedding(table: Float32Array, dim: number, ids: number[]): Float32Array {
  const out = new Float32Array(dim);
  for (const id of ids) for (let d = 0; d < dim; d++) out[d] += table[id * dim + d];
  for (let d = 0; d < dim; d++) out[d] /= ids.length;
  return out;
}

/** Reference for linearVisualModel in plain JS (float64 accumulation). */
export function linearMap(pixels: Float32Array, weights: Float32Array, dim: number): Float32Array {
  const out = new Float64Array(dim);
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i];
    if (p === 0) continue;
    const row = i * dim;
    for (let d = 0; d < dim; d++) out[d] += p * weights[row + d];
  }
  return Float32Array.from(out);
}

export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return v.map((x) => x / norm);
}

/**
 * XLM-Roberta (M-CLIP) style text model: input_ids + attention_mask int32 [N,L] →
 * mean over positions of table[id] * mask → [N,dim]. Padding positions contribute nothing.
 */
export function maskedTextModel(opts: { vocabSize: number; dim: number; contextLength: number; seed?: number }): TinyTextual {
  const table = seededFloats(opts.vocabSize * opts.dim, opts.seed ?? 3);
  const bytes = buildOnnxModel({
    inputs: [
      { name: 'input_ids', type: 'int32', shape: ['N', opts.contextLength] },
      { name: 'attention_mask', type: 'int32', shape: ['N', opts.contextLength] },
    ],
    outputs: [{ name: 'embedding', type: 'float32', shape: ['N', opts.dim] }],
    initializers: [
      { name: 'table', type: 'float32', dims: [opts.vocabSize, opts.dim], data: table },
      { name: 'axis2', type: 'int64', dims: [1], data: BigInt64Array.from([2n]) },
    ],
    nodes: [
      { op: 'Gather', inputs: ['table', 'input_ids'], outputs: ['tokens'], attributes: { axis: { int: 0 } } },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['maskf'], attributes: { to: { int: 1 } } },
      { op: 'Unsqueeze', inputs: ['maskf', 'axis2'], outputs: ['mask3'] },
      { op: 'Mul', inputs: ['tokens', 'mask3'], outputs: ['masked'] },
      { op: 'ReduceMean', inputs: ['masked'], outputs: ['embedding'], attributes: { axes: { ints: [1] }, keepdims: { int: 0 } } },
    ],
  });
  return { bytes, table };
}
