/** The configuration files of a CLIP model directory, parsed and checked. */
import { readFile } from 'node:fs/promises';
import { ModelLoadError } from '../model-errors';

export type ResizeMode = 'shortest' | 'squash' | 'longest';
export type Interpolation = 'bicubic' | 'bilinear' | 'nearest' | 'lanczos';

/** open_clip's preprocess_cfg.json (Immich's visual/preprocess_cfg.json). */
export interface PreprocessConfig {
  size: number;
  mean: [number, number, number];
  std: [number, number, number];
  interpolation: Interpolation;
  resizeMode: ResizeMode;
  /** padding value (0–255) for resizeMode 'longest' */
  fillColor: number;
}

/** OpenAI CLIP normalisation, also used by Chinese-CLIP. */
export const OPENAI_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const OPENAI_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

export async function readJson(file: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelLoadError(`${what} ${code === 'ENOENT' ? 'not found' : `unreadable (${code})`}: ${file}`, file, { cause: error });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new ModelLoadError(`${what} is not valid JSON: ${file}: ${(error as Error).message}`, file, { cause: error });
  }
}

function triple(value: unknown, name: string, file: string): [number, number, number] {
  if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return value as [number, number, number];
  }
  throw new ModelLoadError(`${file}: "${name}" must be 3 numbers, got ${JSON.stringify(value)}`, file);
}

export function parsePreprocessConfig(raw: Record<string, unknown>, file: string): PreprocessConfig {
  const sizeValue = Array.isArray(raw.size) ? raw.size : [raw.size, raw.size];
  const [h, w] = sizeValue as unknown[];
  if (typeof h !== 'number' || h !== w || !Number.isInteger(h) || h < 1) {
    throw new ModelLoadError(`${file}: "size" must be a positive integer or a square [h, w], got ${JSON.stringify(raw.size)}`, file);
  }
  const interpolation = (raw.interpolation ?? 'bicubic') as Interpolation;
  if (!['bicubic', 'bilinear', 'nearest', 'lanczos'].includes(interpolation)) {
    throw new ModelLoadError(`${file}: unsupported "interpolation" ${JSON.stringify(raw.interpolation)}`, file);
  }
  const resizeMode = (raw.resize_mode ?? 'shortest') as ResizeMode;
  if (!['shortest', 'squash', 'longest'].includes(resizeMode)) {
    throw new ModelLoadError(`${file}: unsupported "resize_mode" ${JSON.stringify(raw.resize_mode)}`, file);
  }
  const std = triple(raw.std ?? OPENAI_STD, 'std', file);
  if (std.some((s) => s <= 0)) throw new ModelLoadError(`${file}: "std" must be positive`, file);
  const fill = typeof raw.fill_color === 'number' ? raw.fill_color : 0;
  return { size: h, mean: triple(raw.mean ?? OPENAI_MEAN, 'mean', file), std, interpolation, resizeMode, fillColor: fill };
}

/** The parts of open_clip's config.json the engine needs. */
export interface ModelConfig {
  embedDim: number;
  contextLength: number | undefined;
}

export function parseModelConfig(raw: Record<string, unknown>, file: string): ModelConfig {
  const embedDim = raw.embed_dim;
  if (typeof embedDim !== 'number' || !Number.isInteger(embedDim) || embedDim < 1) {
    throw new ModelLoadError(`${file}: "embed_dim" must be a positive integer, got ${JSON.stringify(embedDim)}`, file);
  }
  const textCfg = (raw.text_cfg ?? {}) as Record<string, unknown>;
  const contextLength = typeof textCfg.context_length === 'number' ? textCfg.context_length : undefined;
  return { embedDim, contextLength };
}
