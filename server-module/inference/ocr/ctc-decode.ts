/**
 * Han, kana, Hangul, CJK and full-width punctuation, and the middle dots Chinese writes between
 * name parts and plate segments (粤V·PCHXT): characters that take no space beside them.
 */
const NO_SPACE_SCRIPT = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u303f\uff00-\uff65\u00b7\u2027\u30fb]/;

/**
 * Greedy CTC decoding of one sequence: best class per step, repeats merged, blanks (class 0) dropped.
 *
 * Space bonus: PP-OCR's Chinese recognisers were trained on text that rarely has spaces, so between
 * Latin words or digit groups the space class often gets a clear but minority probability in the
 * blank gap ("NF69 NJN" read as "NF69NJN"). When the gap's best space probability reaches
 * `spaceThreshold` and neither neighbour is CJK, a space is emitted there (a word-insertion bonus,
 * as speech decoders use). Set it to 1 to decode plainly.
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  characters: string[],
  spaceThreshold = 1,
): { text: string; score: number } {
  const space = characters.lastIndexOf(' ');
  let text = '';
  let scoreSum = 0;
  let kept = 0;
  let previous = -1;
  let gapSpace = 0;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestProb = probs[base];
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c];
      if (p > bestProb) {
        bestProb = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      const char = characters[best];
      const last = text.at(-1);
      if (best !== space && last !== undefined && last !== ' ' && gapSpace >= spaceThreshold && !NO_SPACE_SCRIPT.test(last) && !NO_SPACE_SCRIPT.test(char)) {
        text += ' ';
      }
      text += char;
      scoreSum += bestProb;
      kept++;
      gapSpace = 0;
    } else if (best === 0 && space > 0 && probs[base + space] > gapSpace) {
      gapSpace = probs[base + space];
    }
    previous = best;
  }
  return { text, score: kept > 0 ? scoreSum / kept : 0 };
}
