/**
 * Finds the files of a CLIP model directory. Two layouts:
 * - Immich ML cache (`clip/<name>/`): config.json, visual/{model.onnx,preprocess_cfg.json},
 *   textual/{model.onnx, tokenizer.json + tokenizer_config.json | vocab.txt}.
 *   (vocab.txt is how scripts/download-models stores Chinese-CLIP, which has no tokenizer.json.)
 * - A Chinese-CLIP ONNX export as cn_clip's deploy/pytorch_to_onnx.py writes it:
 *   `<arch>.img.fp32.onnx`, `<arch>.txt.fp32.onnx` (or fp16) and the BERT vocab.txt beside them.
 *   Preprocessing is cn_clip's: bicubic squash to the model's input size, OpenAI mean/std.
 */
import { access, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { ModelLoadError } from '../model-errors';
import { OPENAI_MEAN, OPENAI_STD, type PreprocessConfig, parseModelConfig, parsePreprocessConfig, readJson } from './clip-config';

export type TokenizerFiles = { kind: 'huggingface'; tokenizerJson: string; tokenizerConfig: string } | { kind: 'bert-vocab'; vocab: string };

export interface ClipModelFiles {
  name: string;
  dir: string;
  layout: 'immich' | 'cn-clip-export';
  embedDim?: number;
  contextLength?: number;
  visual?: { model: string; preprocess: PreprocessConfig | 'from-model-input' };
  textual?: { model: string; tokenizer: TokenizerFiles };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Chinese-CLIP's own preprocessing for a given input size. */
export function cnClipPreprocess(size: number): PreprocessConfig {
  return { size, mean: OPENAI_MEAN, std: OPENAI_STD, interpolation: 'bicubic', resizeMode: 'squash', fillColor: 0 };
}

export async function resolveClipModel(dir: string): Promise<ClipModelFiles> {
  const root = path.resolve(dir);
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    throw new ModelLoadError(`CLIP model directory not found or unreadable: ${root}`, root, { cause: error });
  }
  const name = path.basename(root);
  if (names.includes('config.json')) return resolveImmichLayout(root, name);

  // fp32 preferred when both precisions were exported
  const img = names.find((n) => n.endsWith('.img.fp32.onnx')) ?? names.find((n) => n.endsWith('.img.fp16.onnx'));
  const txt = names.find((n) => n.endsWith('.txt.fp32.onnx')) ?? names.find((n) => n.endsWith('.txt.fp16.onnx'));
  if (img || txt) {
    const vocab = path.join(root, 'vocab.txt');
    if (txt && !names.includes('vocab.txt')) throw new ModelLoadError(`Chinese-CLIP text model needs vocab.txt beside it: ${vocab}`, vocab);
    return {
      name,
      dir: root,
      layout: 'cn-clip-export',
      visual: img ? { model: path.join(root, img), preprocess: 'from-model-input' } : undefined,
      textual: txt ? { model: path.join(root, txt), tokenizer: { kind: 'bert-vocab', vocab } } : undefined,
    };
  }
  throw new ModelLoadError(
    `${root} is not a CLIP model directory: expected Immich's layout (config.json, visual/, textual/) or a Chinese-CLIP export (*.img.fp32.onnx, *.txt.fp32.onnx, vocab.txt)`,
    root,
  );
}

async function resolveImmichLayout(root: string, name: string): Promise<ClipModelFiles> {
  const configFile = path.join(root, 'config.json');
  const config = parseModelConfig(await readJson(configFile, 'config.json'), configFile);
  const files: ClipModelFiles = { name, dir: root, layout: 'immich', embedDim: config.embedDim, contextLength: config.contextLength };

  const visualModel = path.join(root, 'visual', 'model.onnx');
  if (await exists(visualModel)) {
    const cfgFile = path.join(root, 'visual', 'preprocess_cfg.json');
    files.visual = { model: visualModel, preprocess: parsePreprocessConfig(await readJson(cfgFile, 'preprocess_cfg.json'), cfgFile) };
  }
  const textualModel = path.join(root, 'textual', 'model.onnx');
  if (await exists(textualModel)) {
    const tokenizerJson = path.join(root, 'textual', 'tokenizer.json');
    const vocab = path.join(root, 'textual', 'vocab.txt');
    const tokenizer: TokenizerFiles =
      !(await exists(tokenizerJson)) && (await exists(vocab))
        ? { kind: 'bert-vocab', vocab }
        : { kind: 'huggingface', tokenizerJson, tokenizerConfig: path.join(root, 'textual', 'tokenizer_config.json') };
    files.textual = { model: textualModel, tokenizer };
  }
  if (!files.visual && !files.textual) {
    throw new ModelLoadError(`${root} has neither visual/model.onnx nor textual/model.onnx`, visualModel);
  }
  return files;
}
