/** Greedy CTC decoding of one sequence: best class per step, repeats merged, blanks (class 0) dropped. */
export function ctcGreedyDecode(
  probs: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  characters: string[],
): { text: string; score: number } {
  let text = '';
  let scoreSum = 0;
  let kept = 0;
  let previous = -1;
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
      text += characters[best];
      scoreSum += bestProb;
      kept++;
    }
    previous = best;
  }
  return { text, score: kept > 0 ? scoreSum / kept : 0 };
}
