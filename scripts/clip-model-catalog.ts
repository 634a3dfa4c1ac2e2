/**
 * The CLIP model manifest (models/clip-models.json) and installing models into Immich's cache
 * layout: download from Hugging Face (Immich's own exports), or install a Chinese-CLIP ONNX export
 * the user made with cn_clip's pytorch_to_onnx.py. Used by scripts/download-models.
 */
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export interface ClipManifestEntry {
  name: string;
  family: 'openclip' | 'mclip' | 'chinese-clip';
  embedDim: number;
  imageSize: number;
  contextLength: number;
  preprocess?: Record<string, unknown>;
  source:
    | { type: 'huggingface'; repo: string }
    | { type: 'cn-clip-export'; arch: string; checkpoint: string; vocab: string; export: string };
}

/** The files Immich ML reads from a Hugging Face export repo (immich-app/<name>). */
export const IMMICH_CLIP_FILES = [
  'config.json',
  'visual/model.onnx',
  'visual/preprocess_cfg.json',
  'textual/model.onnx',
  'textual/tokenizer.json',
  'textual/tokenizer_config.json',
];

/** models/clip-models.json of the package, from the sources or from dist/ (one level deeper). */
const PACKAGED_MANIFESTS = [1, 2].map((up) => path.join(__dirname, ...new Array<string>(up).fill('..'), 'models', 'clip-models.json'));

export async function loadClipManifest(file?: string): Promise<ClipManifestEntry[]> {
  for (const candidate of file ? [file] : PACKAGED_MANIFESTS) {
    const text = await readFile(candidate, 'utf8').catch(() => undefined);
    if (text !== undefined) return (JSON.parse(text) as { models: ClipManifestEntry[] }).models;
  }
  throw new Error(`CLIP model manifest not found: ${file ?? PACKAGED_MANIFESTS.join(' or ')}`);
}

export function findModel(manifest: ClipManifestEntry[], name: string): ClipManifestEntry {
  const entry = manifest.find((m) => m.name === name);
  if (!entry) throw new Error(`unknown CLIP model "${name}"; known: ${manifest.map((m) => m.name).join(', ')}`);
  return entry;
}

export type Log = (line: string) => void;

/**
 * Downloads an Immich Hugging Face export into <cacheDir>/clip/<name>/. Existing files are kept
 * unless `force`; each file is written to .partial first so an interrupted download never leaves
 * a truncated model behind.
 */
export async function downloadImmichModel(
  entry: ClipManifestEntry,
  cacheDir: string,
  options: { endpoint?: string; force?: boolean; log?: Log } = {},
): Promise<string> {
  if (entry.source.type !== 'huggingface') throw new Error(`${entry.name} is not downloadable as files: ${entry.source.type}`);
  const endpoint = (options.endpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/$/, '');
  const dir = path.join(cacheDir, 'clip', entry.name);
  for (const file of IMMICH_CLIP_FILES) {
    const target = path.join(dir, file);
    if (!options.force && (await stat(target).catch(() => undefined))?.isFile()) {
      options.log?.(`exists ${target}`);
      continue;
    }
    const url = `${endpoint}/${entry.source.repo}/resolve/main/${file}`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`download failed: ${url}: HTTP ${response.status}`);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    await writeFile(partial, Buffer.from(await response.arrayBuffer()));
    await rename(partial, target);
    options.log?.(`fetched ${url}`);
  }
  return dir;
}

/**
 * Installs a Chinese-CLIP export (`<prefix>.img.fp32.onnx`, `<prefix>.txt.fp32.onnx`, and the
 * BERT vocab.txt) into <cacheDir>/clip/<name>/ in Immich's layout, writing the config.json and
 * preprocess_cfg.json that cn_clip's own preprocessing corresponds to.
 */
export async function installCnClipExport(
  entry: ClipManifestEntry,
  exportPrefix: string,
  vocabFile: string,
  cacheDir: string,
  log?: Log,
): Promise<string> {
  if (entry.source.type !== 'cn-clip-export') throw new Error(`${entry.name} is not a Chinese-CLIP model`);
  const dir = path.join(cacheDir, 'clip', entry.name);
  const pick = async (kind: 'img' | 'txt') => {
    for (const precision of ['fp32', 'fp16']) {
      const file = `${exportPrefix}.${kind}.${precision}.onnx`;
      if ((await stat(file).catch(() => undefined))?.isFile()) return file;
    }
    throw new Error(`no ${exportPrefix}.${kind}.fp32.onnx (or fp16): run ${entry.source.type === 'cn-clip-export' ? entry.source.export : 'the export'} first`);
  };
  const [img, txt] = [await pick('img'), await pick('txt')];
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'visual'), { recursive: true });
  await mkdir(path.join(dir, 'textual'), { recursive: true });
  await copyModel(img, path.join(dir, 'visual', 'model.onnx'));
  await copyModel(txt, path.join(dir, 'textual', 'model.onnx'));
  await copyFile(vocabFile, path.join(dir, 'textual', 'vocab.txt'));
  const config = { embed_dim: entry.embedDim, vision_cfg: { image_size: entry.imageSize }, text_cfg: { context_length: entry.contextLength } };
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  await writeFile(path.join(dir, 'visual', 'preprocess_cfg.json'), JSON.stringify(entry.preprocess, null, 2));
  log?.(`installed ${entry.name} into ${dir}`);
  return dir;
}

/** fp16 and ViT-H exports keep weights in "<file>.extra_file" next to the model; it must follow. */
async function copyModel(source: string, target: string): Promise<void> {
  await copyFile(source, target);
  const extra = `${source}.extra_file`;
  if ((await stat(extra).catch(() => undefined))?.isFile()) {
    // the model refers to its external data by the original file name
    await copyFile(extra, path.join(path.dirname(target), path.basename(extra)));
  }
}
