/**
 * CLIP-sized transformer encoders with random weights, for benchmarks: the same operators, shapes,
 * node count and FLOPs as OpenAI CLIP's towers (pre-LayerNorm blocks, multi-head attention,
 * QuickGELU MLP), so session time and per-run overhead are realistic without real weights.
 * Visual: conv patch embedding (no bias), class token + positional embedding (50 tokens), ln_pre,
 * 12 blocks, ln_post on the class token, projection — as open_clip's VisionTransformer.
 * Text: token + positional embedding, causal attention mask, 12 blocks, ln_final, projection; the
 * one simplification is pooling (mean over tokens instead of the EOT token, a [N,512] op either way).
 */
import { buildOnnxModel, type OnnxInitializerSpec, type OnnxNodeSpec, seededFloats } from '../helpers/onnx-builder';

interface Builder {
  init: OnnxInitializerSpec[];
  nodes: OnnxNodeSpec[];
  seed: number;
}

function weight(b: Builder, name: string, dims: number[], scale: number): string {
  const n = dims.reduce((a, c) => a * c, 1);
  const data = seededFloats(n, b.seed++);
  for (let i = 0; i < n; i++) data[i] *= scale;
  b.init.push({ name, type: 'float32', dims, data });
  return name;
}

function constant(b: Builder, name: string, values: number[]): string {
  b.init.push({ name, type: 'int64', dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
  return name;
}

function filled(b: Builder, name: string, length: number, value: number): string {
  b.init.push({ name, type: 'float32', dims: [length], data: new Float32Array(length).fill(value) });
  return name;
}

function node(b: Builder, op: string, inputs: string[], output: string, attributes?: OnnxNodeSpec['attributes']): string {
  b.nodes.push({ op, inputs, outputs: [output], attributes });
  return output;
}

function layerNorm(b: Builder, x: string, width: number, p: string): string {
  return node(b, 'LayerNormalization', [x, filled(b, `${p}_g`, width, 1), filled(b, `${p}_b`, width, 0)], `${p}_out`, { axis: { int: -1 }, epsilon: { float: 1e-5 } });
}

function linear(b: Builder, x: string, inDim: number, outDim: number, p: string): string {
  const y = node(b, 'MatMul', [x, weight(b, `${p}_w`, [inDim, outDim], 1 / Math.sqrt(inDim))], `${p}_mm`);
  return node(b, 'Add', [y, filled(b, `${p}_bias`, outDim, 0)], `${p}_out`);
}

/** x [N,T,width] → x + attn(ln(x)) → + mlp(ln(x)); `mask` [T,T] is added to the attention scores */
function block(b: Builder, x: string, width: number, heads: number, p: string, mask?: string): string {
  const headDim = width / heads;
  const h = layerNorm(b, x, width, `${p}_ln1`);
  const qkv = linear(b, h, width, 3 * width, `${p}_qkv`);
  b.nodes.push({ op: 'Split', inputs: [qkv, constant(b, `${p}_split`, [width, width, width])], outputs: [`${p}_q`, `${p}_k`, `${p}_v`], attributes: { axis: { int: 2 } } });
  const heads4 = constant(b, `${p}_heads`, [0, 0, heads, headDim]);
  const q = node(b, 'Transpose', [node(b, 'Reshape', [`${p}_q`, heads4], `${p}_q4`)], `${p}_qt`, { perm: { ints: [0, 2, 1, 3] } });
  const k = node(b, 'Transpose', [node(b, 'Reshape', [`${p}_k`, heads4], `${p}_k4`)], `${p}_kt`, { perm: { ints: [0, 2, 3, 1] } });
  const v = node(b, 'Transpose', [node(b, 'Reshape', [`${p}_v`, heads4], `${p}_v4`)], `${p}_vt`, { perm: { ints: [0, 2, 1, 3] } });
  let scores = node(b, 'Mul', [node(b, 'MatMul', [q, k], `${p}_qk`), filled(b, `${p}_scale`, 1, 1 / Math.sqrt(headDim))], `${p}_scores`);
  if (mask) scores = node(b, 'Add', [scores, mask], `${p}_masked`);
  const attn = node(b, 'MatMul', [node(b, 'Softmax', [scores], `${p}_softmax`, { axis: { int: -1 } }), v], `${p}_attn`);
  const merged = node(b, 'Reshape', [node(b, 'Transpose', [attn], `${p}_attn_t`, { perm: { ints: [0, 2, 1, 3] } }), constant(b, `${p}_merge`, [0, 0, width])], `${p}_merged`);
  const x1 = node(b, 'Add', [x, linear(b, merged, width, width, `${p}_o`)], `${p}_x1`);

  const up = linear(b, layerNorm(b, x1, width, `${p}_ln2`), width, 4 * width, `${p}_fc`);
  // QuickGELU, as OpenAI CLIP: x * sigmoid(1.702 x)
  const gelu = node(b, 'Mul', [up, node(b, 'Sigmoid', [node(b, 'Mul', [up, filled(b, `${p}_1702`, 1, 1.702)], `${p}_gx`)], `${p}_sig`)], `${p}_gelu`);
  return node(b, 'Add', [x1, linear(b, gelu, 4 * width, width, `${p}_proj`)], `${p}_out`);
}

function project(b: Builder, pooled: string, width: number, embedDim: number): void {
  node(b, 'MatMul', [pooled, weight(b, 'proj', [width, embedDim], 1 / Math.sqrt(width))], 'embedding');
}

/**
 * ViT-B/32 visual tower: image [N,3,224,224] → conv 32×32/32 → 49 patch tokens + class token = 50
 * tokens × 768 (+ positional embedding) → ln_pre → 12 blocks (12 heads) → ln_post(class token) → [N,512].
 */
export function vitB32Visual(): Uint8Array {
  const b: Builder = { init: [], nodes: [], seed: 1000 };
  const conv = node(b, 'Conv', ['image', weight(b, 'patch_w', [768, 3, 32, 32], 0.02)], 'patches', { kernel_shape: { ints: [32, 32] }, strides: { ints: [32, 32] } });
  const tokens = node(b, 'Transpose', [node(b, 'Reshape', [conv, constant(b, 'flat', [0, 768, 49])], 'flat_out')], 'tokens', { perm: { ints: [0, 2, 1] } });
  // class token expanded to [N,1,768] (N from the input's shape), prepended to the patch tokens
  const n = node(b, 'Slice', [node(b, 'Shape', ['image'], 'image_shape'), constant(b, 'n_start', [0]), constant(b, 'n_end', [1])], 'n');
  const clsShape = node(b, 'Concat', [n, constant(b, 'cls_tail', [1, 768])], 'cls_shape', { axis: { int: 0 } });
  const cls = node(b, 'Expand', [weight(b, 'class_embedding', [1, 1, 768], 0.02), clsShape], 'cls');
  const withCls = node(b, 'Concat', [cls, tokens], 'with_cls', { axis: { int: 1 } });
  let x = layerNorm(b, node(b, 'Add', [withCls, weight(b, 'positional_embedding', [50, 768], 0.02)], 'embedded'), 768, 'ln_pre');
  for (let l = 0; l < 12; l++) x = block(b, x, 768, 12, `v${l}`);
  b.init.push({ name: 'class_index', type: 'int64', dims: [], data: BigInt64Array.from([0n]) });
  const clsOut = node(b, 'Gather', [x, 'class_index'], 'cls_out', { axis: { int: 1 } });
  project(b, layerNorm(b, clsOut, 768, 'ln_post'), 768, 512);
  return buildOnnxModel({
    opset: 17,
    inputs: [{ name: 'image', type: 'float32', shape: ['N', 3, 224, 224] }],
    outputs: [{ name: 'embedding', type: 'float32', shape: ['N', 512] }],
    initializers: b.init,
    nodes: b.nodes,
  });
}

/** CLIP text tower: text [N,77] int32 → token + positional embedding → 12 causal blocks (8 heads) → [N,512]. */
export function clipTextTower(vocabSize = 49408): Uint8Array {
  const b: Builder = { init: [], nodes: [], seed: 2000 };
  const embedded = node(b, 'Gather', [weight(b, 'token_embedding', [vocabSize, 512], 0.02), 'text'], 'embedded', { axis: { int: 0 } });
  let x = node(b, 'Add', [embedded, weight(b, 'positional_embedding', [77, 512], 0.01)], 'embedded_pos');
  const mask = new Float32Array(77 * 77);
  for (let i = 0; i < 77; i++) for (let j = i + 1; j < 77; j++) mask[i * 77 + j] = -Infinity;
  b.init.push({ name: 'causal_mask', type: 'float32', dims: [77, 77], data: mask });
  for (let l = 0; l < 12; l++) x = block(b, x, 512, 8, `t${l}`, 'causal_mask');
  const pooled = node(b, 'ReduceMean', [layerNorm(b, x, 512, 'ln_final')], 'pooled', { axes: { ints: [1] }, keepdims: { int: 0 } });
  project(b, pooled, 512, 512);
  return buildOnnxModel({
    opset: 17,
    inputs: [{ name: 'text', type: 'int32', shape: ['N', 77] }],
    outputs: [{ name: 'embedding', type: 'float32', shape: ['N', 512] }],
    initializers: b.init,
    nodes: b.nodes,
  });
}
