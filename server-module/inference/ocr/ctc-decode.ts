/**
 * Han, kana, Hangul, CJK and full-width punctuation, and the middle dots Chinese writes between
 * name parts and plate segments (粤V·PCHXT): characters that take no inserted space beside them.
 */
const NO_SPACE_SCRIPT = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u303f\uff00-\uff65\u00b7\u2027\u30fb]/;
/**
 * Characters that take no inserted space after them: the multiplication sign of a count ("×2"), whose
 * wide side bearing reads as a faint space ("× 2"). A space the model reads outright is kept.
 */
const NO_SPACE_AFTER = /\u00d7/;

/**
 * Space probability at the step where one character ends or the next begins that counts as gap
 * evidence: "-- Albert" reads "-" then "A" with no blank between, the space class second at 0.39 on
 * the "A". Below it, a character's own steps carry no space evidence (0.05 there split "tell" and
 * "sorry..." on the dev sets).
 */
const EDGE_SPACE = 0.3;

/**
 * Probability at which a Han character the blank outvoted is read anyway, between two characters it
 * differs from. PP-OCR's blank wins over rare characters ("農夫之慶" read "農夫之", 慶 at 0.26 under
 * a 0.63 blank). Line exact-match on ocr-dev / the generated dev set: off 0.905 / 0.861, 0.3 0.900 /
 * 0.861 (all characters), 0.2 0.903 / 0.863 (all characters: stray "I", "-", ":" inserted), Han only:
 * 0.2 0.907 / 0.863, 0.15 0.909 / 0.863, 0.1 0.909 / 0.863 with CER up (wrong characters read).
 */
const HIDDEN_CHAR = 0.2;
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Greedy CTC decoding of one sequence: best class per step, repeats merged, blanks (class 0) dropped.
 *
 * Space bonus: PP-OCR's Chinese recognisers were trained on text that rarely has spaces, so between
 * Latin words or digit groups the space class often gets a clear but minority probability in the
 * blank gap ("NF69 NJN" read as "NF69NJN"). When the gap's best space probability reaches
 * `spaceThreshold` and neither neighbour is CJK, a space is emitted there (a word-insertion bonus,
 * as speech decoders use); the steps on either side of the gap count where their space probability
 * reaches EDGE_SPACE. Set it to 1 to decode plainly.
 *
 * The text is trimmed and its score is the mean probability of the characters kept: spaces the model
 * reads in the box's margin before the first or after the last character are not part of the line
 * and must not lower its score (below minRecognitionScore the line would be dropped).
 *
 * `steps` holds the class probabilities of each CTC step, in order.
 */
export function ctcGreedyDecode(steps: readonly Float32Array[], characters: string[], spaceThreshold = 1): { text: string; score: number } {
  const space = characters.lastIndexOf(' ');
  // the characters read, each with its probability (NaN for a space the bonus inserted)
  const read: Array<{ char: string; prob: number }> = [];
  let previous = -1;
  let gapSpace = 0;
  let previousSpace = 0;
  let previousChar = -1;
  // the likeliest character of the blank steps since the last character read
  let hidden = 0;
  let hiddenProb = 0;
  for (const step of steps) {
    // best character class; the steps are softmax outputs, so one above 0.5 is the best of all, and
    // a step whose blank reaches 1 - HIDDEN_CHAR (> 0.5) is blank and holds no character worth a look
    let likeliest = 0;
    let likeliestProb = 0;
    if (step[0] < 1 - HIDDEN_CHAR) {
      for (let c = 1; c < step.length && likeliestProb <= 0.5; c++) {
        if (step[c] > likeliestProb) {
          likeliestProb = step[c];
          likeliest = c;
        }
      }
    }
    const best = likeliestProb > step[0] ? likeliest : 0;
    const bestProb = best === 0 ? step[0] : likeliestProb;
    if (best === 0 && likeliest !== space && likeliestProb > hiddenProb) {
      hidden = likeliest;
      hiddenProb = likeliestProb;
    }
    const spaceHere = space > 0 ? step[space] : 0;
    if (best !== 0 && best !== previous) {
      // the steps where one character ends and the next begins count as part of the gap
      const edge = Math.max(previous !== 0 ? previousSpace : 0, spaceHere);
      if (edge >= EDGE_SPACE) gapSpace = Math.max(gapSpace, edge);
      // a Han character the blank outvoted (HIDDEN_CHAR)
      if (hiddenProb >= HIDDEN_CHAR && read.length > 0 && hidden !== previousChar && hidden !== best && HAN.test(characters[hidden])) {
        read.push({ char: characters[hidden], prob: hiddenProb });
      }
      hidden = 0;
      hiddenProb = 0;
      previousChar = best;
      const char = characters[best];
      const last = read.at(-1)?.char;
      if (best !== space && last !== undefined && last !== ' ' && gapSpace >= spaceThreshold && !NO_SPACE_SCRIPT.test(last) && !NO_SPACE_AFTER.test(last) && !NO_SPACE_SCRIPT.test(char)) {
        read.push({ char: ' ', prob: NaN });
      }
      read.push({ char, prob: bestProb });
      gapSpace = 0;
    } else if (best === 0 && spaceHere > gapSpace) {
      gapSpace = spaceHere;
    }
    previous = best;
    previousSpace = spaceHere;
  }
  let start = 0;
  let end = read.length;
  while (start < end && read[start].char.trim() === '') start++;
  while (end > start && read[end - 1].char.trim() === '') end--;
  const kept = read.slice(start, end);
  const scored = kept.map((r) => r.prob).filter((p) => !Number.isNaN(p));
  const score = scored.length > 0 ? scored.reduce((sum, p) => sum + p, 0) / scored.length : 0;
  return { text: kept.map((r) => r.char).join(''), score };
}
