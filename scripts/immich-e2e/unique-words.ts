/**
 * For each photo, a short Chinese word of its true text that no other photo of the set contains:
 * the query that photo must come first for. Two to four CJK characters, taken from the middle of
 * the longest line (edges of a line are where OCR most often drops a character).
 */
const CJK_RUN = /[\u4e00-\u9fff]{2,}/g;

export function pickUniqueWords(photos: Array<{ file: string; lines: string[] }>): Array<{ file: string; word: string }> {
  const texts = photos.map((p) => p.lines.join('\n'));
  const picked: Array<{ file: string; word: string }> = [];
  for (const [i, photo] of photos.entries()) {
    const others = texts.filter((_, j) => j !== i);
    const runs = [...texts[i].matchAll(CJK_RUN)].map((m) => m[0]).sort((a, b) => b.length - a.length);
    let word: string | undefined;
    for (const length of [2, 3, 4]) {
      for (const run of runs) {
        const middle = Math.max(0, Math.floor((run.length - length) / 2));
        for (let start = middle; start + length <= run.length && !word; start++) {
          const candidate = run.slice(start, start + length);
          if (!others.some((t) => t.includes(candidate))) word = candidate;
        }
        if (word) break;
      }
      if (word) break;
    }
    if (word) picked.push({ file: photo.file, word });
  }
  return picked;
}
