import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let instance: Jieba | undefined;

/** The process-wide jieba instance with the default dictionary (loading it takes ~0.3 s). */
export function jieba(): Jieba {
  instance ??= Jieba.withDict(dict);
  return instance;
}

/**
 * Marks, for each character of a CJK run, whether it starts a dictionary word of 2+ characters
 * (search mode: sub-words of long words count too) and how long the longest such word is.
 * HMM is off so the result depends only on the dictionary.
 */
export function wordSpans(run: string): Int32Array {
  const chars = Array.from(run);
  const longest = new Int32Array(chars.length);
  let offset = 0;
  for (const word of jieba().cut(run, false)) {
    const wordChars = Array.from(word);
    if (wordChars.length === 1) {
      longest[offset] = Math.max(longest[offset], 1);
    } else {
      for (const sub of new Set(jieba().cutForSearch(word, false))) {
        const subChars = Array.from(sub);
        if (subChars.length < 2) continue;
        for (let i = 0; i + subChars.length <= wordChars.length; i++) {
          if (wordChars.slice(i, i + subChars.length).join('') === sub) {
            longest[offset + i] = Math.max(longest[offset + i], subChars.length);
          }
        }
      }
    }
    offset += wordChars.length;
  }
  return longest;
}
