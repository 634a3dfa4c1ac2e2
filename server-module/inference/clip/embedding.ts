import type * as ort from 'onnxruntime-node';
import { ModelDimensionError } from '../model-errors';

/** In place; a zero vector stays zero instead of becoming NaN. */
export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return v;
}

/** Splits an [N, D] float32 output into N L2-normalised vectors, checking D. */
export function rowsOf(output: ort.Tensor, count: number, expectedDim: number | undefined, modelPath: string): Float32Array[] {
  const dims = output.dims;
  if (output.type !== 'float32' || dims.length !== 2 || dims[0] !== count) {
    throw new ModelDimensionError(`${modelPath}: expected a float32 [${count}, D] embedding output, got ${output.type} [${dims.join(',')}]`, modelPath);
  }
  const dim = dims[1];
  if (expectedDim !== undefined && dim !== expectedDim) {
    throw new ModelDimensionError(`${modelPath}: embedding has ${dim} dimensions, the model's config.json says embed_dim ${expectedDim}`, modelPath);
  }
  const data = output.data as Float32Array;
  return Array.from({ length: count }, (_, i) => l2Normalize(data.slice(i * dim, (i + 1) * dim)));
}

/** pgvector's text form of an embedding, as Immich ML returns it; non-finite values are refused. */
export function toVectorLiteral(embedding: Float32Array | number[]): string {
  const values = Array.from(embedding);
  if (values.length === 0 || !values.every((v) => Number.isFinite(v))) {
    throw new RangeError('an embedding must be a non-empty list of finite numbers');
  }
  return `[${values.join(',')}]`;
}
