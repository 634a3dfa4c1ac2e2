/**
 * `npm run build && node dist/scripts/ocr-dev-set/make-dev-set.js [OUT_DIR] [--per-class N] [--seed S] [--classes a,b]`
 * writes an OCR dev set for the input classes of issue #13 (classes.ts) in the layout of
 * ../shared/eval/ocr-dev: `images/<class>-NNN.<ext>` and `manifest.json` ([{file, lines, condition,
 * width, height}], width/height as displayed, i.e. after EXIF orientation). OUT_DIR defaults to
 * bench-results/ocr-dev-set (gitignored); `npm run bench:ocr -- --set OUT_DIR` reads it. The same
 * seed gives the same set (`--classes` regenerates only those classes); tests draw their own images from classes.ts with their own text.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { prng } from '../prng';
import { alpha, angle, chat, type ClassName, exif, long, onebit, type Sample, small, tight, upsideDown } from './classes';
import { anyLine, between, generatedLine, loadTextPools, pick, type Rand, type TextPools } from './texts';

const lines = (rand: Rand, pools: TextPools, count: number, maxChars: number) => Array.from({ length: count }, () => anyLine(rand, pools, { maxChars }));

const CLASSES: Record<ClassName | 'tiny', (rand: Rand, pools: TextPools) => Promise<Sample>> = {
  small: (rand, pools) => small(rand, [pick(rand, pools.zh), ...lines(rand, pools, 16, 30)]),
  // 7–9 px text: where a second, larger detection pays (input-stage.ts MAX_UPSCALE)
  tiny: (rand, pools) => small(rand, [pick(rand, pools.zh), ...lines(rand, pools, 20, 30)], [7, 9]),
  tight: (rand, pools) => tight(rand, lines(rand, pools, 1, 40)),
  long: (rand, pools) => {
    const language = rand();
    const next = () => (language < 0.4 ? pick(rand, pools.en) : language < 0.8 ? pick(rand, pools.zh) : anyLine(rand, pools));
    return long(rand, Array.from({ length: 40 }, next));
  },
  alpha: (rand, pools) => alpha(rand, lines(rand, pools, 3, 12)),
  onebit: (rand, pools) => onebit(rand, lines(rand, pools, 8, 40)),
  exif: (rand, pools) => exif(rand, lines(rand, pools, 4, 24)),
  chat: (rand, pools) => chat(rand, Array.from({ length: 24 }, () => (rand() < 0.25 ? `${anyLine(rand, pools, { maxChars: 30 })} ${anyLine(rand, pools, { maxChars: 30 })}` : anyLine(rand, pools)))),
  'upside-down': (rand, pools) => {
    const prices = rand() < 0.4 ? Array.from({ length: 8 }, () => `${between(rand, 1, 199)}.${between(rand, 0, 9)}0`) : [];
    return upsideDown(rand, lines(rand, pools, 8, 24), prices);
  },
  angle: (rand, pools) => angle(rand, [pick(rand, pools.zh), ...Array.from({ length: 12 }, () => (rand() < 0.15 ? generatedLine(rand) : anyLine(rand, pools, { maxChars: 36 })))]),
};

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const out = resolve(args[0] && !args[0].startsWith('--') ? args[0] : join(__dirname, '..', '..', '..', 'bench-results', 'ocr-dev-set'));
  const perClass = Number(option('--per-class', '16'));
  const seed = Number(option('--seed', '1301'));
  const only = args.includes('--classes') ? option('--classes', '').split(',') : undefined;
  const pools = loadTextPools();
  const manifestFile = join(out, 'manifest.json');
  let manifest: { file: string; condition: string }[] = [];
  if (only && existsSync(manifestFile)) {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    for (const r of manifest.filter((r) => only.includes(r.condition))) rmSync(join(out, 'images', r.file), { force: true });
    manifest = manifest.filter((r) => !only.includes(r.condition));
  } else {
    rmSync(join(out, 'images'), { recursive: true, force: true });
  }
  mkdirSync(join(out, 'images'), { recursive: true });
  for (const [k, [name, make]] of Object.entries(CLASSES).entries()) {
    if (only && !only.includes(name)) continue;
    const rand = prng(seed * 100 + k);
    for (let i = 1; i <= perClass; i++) {
      const sample = await make(rand, pools);
      const file = `${name}-${String(i).padStart(3, '0')}.${sample.ext}`;
      writeFileSync(join(out, 'images', file), sample.data);
      const meta = await sharp(sample.data).metadata();
      const swap = (meta.orientation ?? 1) >= 5;
      manifest.push({ file, lines: sample.lines, condition: name, width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height } as (typeof manifest)[number]);
    }
    console.log(`${name.padEnd(12)} ${perClass} images`);
  }
  const order = Object.keys(CLASSES);
  manifest.sort((a, b) => order.indexOf(a.condition) - order.indexOf(b.condition) || a.file.localeCompare(b.file));
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 1) + '\n');
  console.log(`${manifest.length} images → ${out}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
