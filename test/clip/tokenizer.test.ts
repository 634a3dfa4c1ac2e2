import { ClipTokenizer } from '../../server-module/inference/clip/clip-tokenizer';
import { BERT_VOCAB, BPE_VOCAB, CLIP_TOKENIZER_CONFIG, clipBpeTokenizerJson } from './fixtures';

const bertId = (t: string) => BERT_VOCAB.indexOf(t);
const bpeId = (t: string) => BPE_VOCAB.indexOf(t);

describe('Chinese-CLIP tokenizer from vocab.txt (BERT WordPiece)', () => {
  const tok = ClipTokenizer.fromBertVocab(BERT_VOCAB.join('\n') + '\n', 52);

  it('splits Chinese into characters between [CLS] and [SEP], pads with [PAD] to 52', () => {
    const { ids, mask } = tok.encode('一只猫的照片。');
    const expected = [2, 16, 17, 5, 6, 7, 8, 19, 3];
    expect(expected).toEqual(['[CLS]', '一', '只', '猫', '的', '照', '片', '。', '[SEP]'].map(bertId));
    expect(ids).toEqual([...expected, ...new Array(52 - expected.length).fill(0)]);
    expect(mask).toEqual([...new Array(expected.length).fill(1), ...new Array(52 - expected.length).fill(0)]);
  });

  it('lower-cases English, splits punctuation, uses ## word pieces and [UNK]', () => {
    // hello → hel ##lo; "Cats" → cat ##s; "!" is not in the vocab → [UNK]; é loses its accent
    expect(tok.encode('Hello, World! Cats').ids.slice(0, 8)).toEqual([2, 9, 10, 12, 11, 1, 15, 14]);
    expect(tok.encode('Héllo 狗').ids.slice(0, 5)).toEqual([2, 9, 10, 18, 3]);
  });

  it('truncates long text to 52 tokens keeping [SEP] last', () => {
    const { ids, mask } = tok.encode('猫'.repeat(80));
    expect(ids).toHaveLength(52);
    expect(ids[0]).toBe(2);
    expect(ids.slice(1, 51).every((id) => id === 5)).toBe(true);
    expect(ids[51]).toBe(3);
    expect(mask.every((m) => m === 1)).toBe(true);
  });

  it('rejects a vocab without the BERT special tokens', () => {
    expect(() => ClipTokenizer.fromBertVocab('a\nb\n', 52)).toThrow('vocab has no [UNK] token');
  });
});

describe('OpenCLIP tokenizer from tokenizer.json (byte-level BPE)', () => {
  const tok = ClipTokenizer.fromHuggingFace(clipBpeTokenizerJson(), CLIP_TOKENIZER_CONFIG, 8);
  const sot = bpeId('<|startoftext|>');
  const eot = bpeId('<|endoftext|>');

  it('applies the merges and pads with the pad_token of tokenizer_config.json', () => {
    expect(tok.padId).toBe(eot);
    expect(tok.encode('A  cat CATS').ids).toEqual([sot, bpeId('a</w>'), bpeId('cat</w>'), bpeId('cats</w>'), eot, eot, eot, eot]);
    expect(tok.encode('A  cat CATS').mask).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
  });

  it('encodes Chinese through byte-level pieces', () => {
    expect(tok.encode('猫').ids.slice(0, 3)).toEqual([sot, bpeId('çĮ«</w>'), eot]);
  });

  it('truncates keeping the end-of-text token last', () => {
    const { ids } = tok.encode('cat '.repeat(20));
    expect(ids).toEqual([sot, ...new Array(6).fill(bpeId('cat</w>')), eot]);
  });
});
