/**
 * CLIP model directories for tests and the benchmark: tiny generated ONNX models in Immich's cache
 * layout and in the Chinese-CLIP export layout, with small but real tokenizers.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import sharp from 'sharp';
import { embeddingTextModel, linearVisualModel, type TinyTextual, type TinyVisual } from './tiny-models';

/** A BERT vocab (id = line number) with a few Chinese characters and English word pieces. */
export const BERT_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', '猫', '的', '照', '片', 'hel', '##lo', 'world', ',', 'a', '##s', 'cat', '一', '只', '狗', '。'];

/** A CLIP-style byte-level BPE vocab ("</w>" ends a word); 猫 is the bytes çĮ« in byte-level form. */
export const BPE_VOCAB = ['a', 'c', 't', 's', 'a</w>', 't</w>', 's</w>', 'ca', 'cat</w>', 'cat', 'cats</w>', 'ç', 'Į', '«</w>', 'çĮ', 'çĮ«</w>', '<|startoftext|>', '<|endoftext|>'];
const BPE_MERGES = ['c a', 'ca t</w>', 'ca t', 'cat s</w>', 'ç Į', 'çĮ «</w>'];

/** The shape of OpenAI CLIP's tokenizer.json (as in Immich's textual/ folder), with the small vocab above. */
export function clipBpeTokenizerJson(): object {
  const vocab = Object.fromEntries(BPE_VOCAB.map((t, i) => [t, i]));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['<|startoftext|>', '<|endoftext|>'].map((t) => ({ id: vocab[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true })),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: ['<|endoftext|>', vocab['<|endoftext|>']], cls: ['<|startoftext|>', vocab['<|startoftext|>']], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: '<|endoftext|>', continuing_subword_prefix: '', end_of_word_suffix: '</w>', fuse_unk: false, byte_fallback: false, vocab, merges: BPE_MERGES },
  };
}

export const CLIP_TOKENIZER_CONFIG = { bos_token: '<|startoftext|>', eos_token: '<|endoftext|>', pad_token: '<|endoftext|>', unk_token: '<|endoftext|>', model_max_length: 77 };

export interface ImmichModelFixture {
  dir: string;
  visual: TinyVisual;
  textual: TinyTextual;
  dim: number;
  contextLength: number;
}

export async function writeImmichModel(
  dir: string,
  opts: { size: number; dim: number; contextLength: number; preprocess?: Record<string, unknown>; configEmbedDim?: number; textIdType?: 'int32' | 'int64' },
): Promise<ImmichModelFixture> {
  const visual = linearVisualModel({ size: opts.size, dim: opts.dim, seed: 11 });
  const textual = embeddingTextModel({ vocabSize: BPE_VOCAB.length, dim: opts.dim, contextLength: opts.contextLength, idType: opts.textIdType ?? 'int32', seed: 12 });
  await mkdir(path.join(dir, 'visual'), { recursive: true });
  await mkdir(path.join(dir, 'textual'), { recursive: true });
  const config = { embed_dim: opts.configEmbedDim ?? opts.dim, vision_cfg: { image_size: opts.size }, text_cfg: { context_length: opts.contextLength } };
  const preprocess = { size: [opts.size, opts.size], mode: 'RGB', mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711], interpolation: 'bicubic', resize_mode: 'shortest', fill_color: 0, ...opts.preprocess };
  await Promise.all([
    writeFile(path.join(dir, 'config.json'), JSON.stringify(config)),
    writeFile(path.join(dir, 'visual', 'model.onnx'), visual.bytes),
    writeFile(path.join(dir, 'visual', 'preprocess_cfg.json'), JSON.stringify(preprocess)),
    writeFile(path.join(dir, 'textual', 'model.onnx'), textual.bytes),
    writeFile(path.join(dir, 'textual', 'tokenizer.json'), JSON.stringify(clipBpeTokenizerJson())),
    writeFile(path.join(dir, 'textual', 'tokenizer_config.json'), JSON.stringify(CLIP_TOKENIZER_CONFIG)),
  ]);
  return { dir, visual, textual, dim: opts.dim, contextLength: opts.contextLength };
}

/** Chinese-CLIP as cn_clip's pytorch_to_onnx.py exports it: image [N,3,224,224], text int64 [1,52] (no dynamic axes). */
export async function writeCnClipExport(dir: string, opts: { dim: number; size?: number }): Promise<ImmichModelFixture> {
  const size = opts.size ?? 224;
  const visual = linearVisualModel({ size, dim: opts.dim, seed: 21, outputName: 'unnorm_image_features' });
  const textual = embeddingTextModel({ vocabSize: BERT_VOCAB.length, dim: opts.dim, contextLength: 52, idType: 'int64', seed: 22, outputName: 'unnorm_text_features', batch: 1 });
  await mkdir(dir, { recursive: true });
  await Promise.all([
    writeFile(path.join(dir, 'vit-b-16.img.fp32.onnx'), visual.bytes),
    writeFile(path.join(dir, 'vit-b-16.txt.fp32.onnx'), textual.bytes),
    writeFile(path.join(dir, 'vocab.txt'), BERT_VOCAB.join('\n') + '\n'),
  ]);
  return { dir, visual, textual, dim: opts.dim, contextLength: 52 };
}

/** A PNG whose pixels are given row by row as [r,g,b] triples. */
export async function writeRgbPng(file: string, width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Promise<string> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(pixel(x, y), (y * width + x) * 3);
  await sharp(raw, { raw: { width, height, channels: 3 } }).png().toFile(file);
  return file;
}
