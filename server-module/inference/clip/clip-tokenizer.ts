/**
 * Text → fixed-length token ids for a CLIP textual encoder.
 * - Hugging Face tokenizer.json + tokenizer_config.json (OpenCLIP BPE, XLM-Roberta, ...) via
 *   @huggingface/tokenizers, padded with tokenizer_config's pad_token as Immich ML does.
 * - A BERT vocab.txt (Chinese-CLIP): the same library, given the tokenizer.json that
 *   transformers' BertTokenizerFast would write for that vocab (lower-case, CJK chars split,
 *   WordPiece with "##", [CLS] … [SEP]), padded with [PAD].
 * Long texts are cut to the context length keeping the special tokens at both ends
 * (Hugging Face truncation, and cn_clip.tokenize).
 */
import { readFile } from 'node:fs/promises';
import { ModelLoadError } from '../model-errors';
import { readJson } from './clip-config';

// The package ships a CommonJS build (exports.require) but declares "type": "module", so TypeScript
// refuses a static import from this CommonJS project; require it and keep the types.
type TokenizersModule = typeof import('@huggingface/tokenizers', { with: { 'resolution-mode': 'import' } });
type Tokenizer = InstanceType<TokenizersModule['Tokenizer']>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Tokenizer } = require('@huggingface/tokenizers') as TokenizersModule;

export interface TokenizedText {
  /** token ids, padded/truncated to contextLength */
  ids: number[];
  /** 1 for real tokens, 0 for padding */
  mask: number[];
}

const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

export class ClipTokenizer {
  constructor(
    private readonly tokenizer: Tokenizer,
    readonly contextLength: number,
    readonly padId: number,
  ) {
    if (!Number.isInteger(contextLength) || contextLength < 2) throw new RangeError(`context length must be an integer >= 2, got ${contextLength}`);
  }

  static fromHuggingFace(tokenizerJson: object, tokenizerConfig: Record<string, unknown>, contextLength: number): ClipTokenizer {
    const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    const pad = tokenizerConfig.pad_token;
    const padToken = typeof pad === 'string' ? pad : (pad as { content?: string } | undefined)?.content;
    const padId = padToken === undefined ? 0 : tokenizer.token_to_id(padToken);
    if (padId === undefined) throw new Error(`pad_token ${JSON.stringify(padToken)} is not in the vocabulary`);
    return new ClipTokenizer(tokenizer, contextLength, padId);
  }

  /** vocab.txt: one token per line, id = line number (BERT / Chinese-CLIP). */
  static fromBertVocab(vocabText: string, contextLength: number, lowercase = true): ClipTokenizer {
    const vocab: Record<string, number> = {};
    vocabText.split('\n').forEach((line, id) => {
      const token = line.replace(/\r$/, '');
      if (token !== '' && !(token in vocab)) vocab[token] = id;
    });
    for (const required of ['[UNK]', '[CLS]', '[SEP]']) {
      if (!(required in vocab)) throw new Error(`vocab has no ${required} token`);
    }
    const tokenizerJson = {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: BERT_SPECIALS.filter((t) => t in vocab).map((t) => ({
        id: vocab[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
      })),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: { type: 'BertProcessing', sep: ['[SEP]', vocab['[SEP]']], cls: ['[CLS]', vocab['[CLS]']] },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
    };
    return new ClipTokenizer(new Tokenizer(tokenizerJson, { do_lower_case: lowercase, pad_token: '[PAD]' }), contextLength, vocab['[PAD]'] ?? 0);
  }

  encode(text: string): TokenizedText {
    let ids: number[] = this.tokenizer.encode(text).ids;
    if (ids.length > this.contextLength) ids = this.truncate(text, ids);
    const mask = new Array<number>(this.contextLength).fill(0, ids.length).fill(1, 0, ids.length);
    const padded = ids.concat(new Array<number>(this.contextLength - ids.length).fill(this.padId));
    return { ids: padded, mask };
  }

  /** Cuts the text's own tokens so that, with the special tokens around them, the length fits. */
  private truncate(text: string, full: number[]): number[] {
    const plain: number[] = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    const specials = full.length - plain.length;
    let prefix = 0;
    while (prefix < specials && !plain.every((id: number, i: number) => full[prefix + i] === id)) prefix++;
    const keep = Math.max(0, this.contextLength - specials);
    return [...full.slice(0, prefix), ...plain.slice(0, keep), ...full.slice(prefix + plain.length)];
  }
}

/** Loads textual/tokenizer.json + tokenizer_config.json (Immich layout). */
export async function loadHuggingFaceTokenizer(tokenizerPath: string, configPath: string, contextLength: number): Promise<ClipTokenizer> {
  const [json, config] = await Promise.all([readJson(tokenizerPath, 'tokenizer.json'), readJson(configPath, 'tokenizer_config.json')]);
  try {
    return ClipTokenizer.fromHuggingFace(json, config, contextLength);
  } catch (error) {
    throw new ModelLoadError(`cannot build tokenizer from ${tokenizerPath}: ${(error as Error).message}`, tokenizerPath, { cause: error });
  }
}

/** Loads a BERT vocab.txt (Chinese-CLIP). */
export async function loadBertVocabTokenizer(vocabPath: string, contextLength: number): Promise<ClipTokenizer> {
  let text: string;
  try {
    text = await readFile(vocabPath, 'utf8');
  } catch (error) {
    throw new ModelLoadError(`vocab.txt not found or unreadable: ${vocabPath}`, vocabPath, { cause: error });
  }
  try {
    return ClipTokenizer.fromBertVocab(text, contextLength);
  } catch (error) {
    throw new ModelLoadError(`cannot build tokenizer from ${vocabPath}: ${(error as Error).message}`, vocabPath, { cause: error });
  }
}
