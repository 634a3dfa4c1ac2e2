/**
 * One generator per class of input the OCR engine must read (issue #13): each draws an image from
 * the lines it is given (layout, colours and sizes from `rand`) and returns it with its truth rows
 * in reading order. The dev set (make-dev-set.ts) feeds them fortunes text; tests feed their own.
 */
import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { finish, measure, noiseFilter, placed, rasterize, SANS, SERIF, shadow, svg, text, tilt, warpOnto, wrap } from '../samples/photo';
import { between, pick, type Rand } from './texts';

export interface Sample {
  data: Buffer;
  ext: 'png' | 'jpg';
  /** The rows a reader should return, top to bottom (columns of a row joined by a space). */
  lines: string[];
}

export type ClassName = 'small' | 'tight' | 'long' | 'alpha' | 'onebit' | 'exif' | 'chat' | 'upside-down' | 'angle';

const LIGHT = ['#ffffff', '#f7f3e8', '#eef5ff', '#fdf6e3', '#f2f2f2', '#fff4f0'];
const DARK_INK = ['#111111', '#1a1a40', '#3b1f0e', '#222222', '#0b3d2e'];
const DARK_BG = ['#1e1e1e', '#202a44', '#2b2b2b', '#123524'];
const LIGHT_INK = ['#ffffff', '#f0f0f0', '#ffe9a8'];
const font = (rand: Rand) => (rand() < 0.75 ? SANS : SERIF);
const jpegOf = (s: sharp.Sharp, quality = 85) => s.jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();

/** Keeps the lines that fit `width` at `size`; long ones are cut at a word or character boundary. */
async function fitted(lines: string[], width: number, size: number, family: string, weight: string | number = 'normal'): Promise<string[]> {
  const out: string[] = [];
  for (const line of lines) {
    const [first] = await wrap(line, width, size, family, weight);
    if (first && (await measure(first, size, family, weight)) <= width) out.push(first);
  }
  return out;
}

/**
 * A small image (300–500 px: a thumbnail, or a poster saved from a chat app): a title and rows of
 * 10–14 px text. Drawn 2–3× larger and scaled down, then saved as JPEG, so the text is as soft as
 * in a real downscaled image.
 */
export async function small(rand: Rand, lines: string[], textSize: [number, number] = [10, 14]): Promise<Sample> {
  const W = between(rand, 300, 500), H = between(rand, 300, 500);
  const k = between(rand, 20, 30) / 10;
  const dark = rand() < 0.3;
  const bg = pick(rand, dark ? DARK_BG : LIGHT), ink = pick(rand, dark ? LIGHT_INK : DARK_INK);
  const family = font(rand), size = between(rand, ...textSize), margin = between(rand, 12, 24);
  const titleSize = between(rand, 18, 24);
  const [title] = await fitted(lines.slice(0, 1), (W - 2 * margin) * k, titleSize * k, family, 'bold');
  const rows = await fitted(lines.slice(1), (W - 2 * margin) * k, size * k, family);
  const step = Math.round((size * between(rand, 15, 19)) / 10);
  const body: string[] = [];
  const truth: string[] = [];
  let y = margin + titleSize;
  if (title) {
    body.push(text(margin * k, y * k, title, { size: titleSize * k, font: family, weight: 'bold', fill: ink }));
    truth.push(title);
    y += Math.round(titleSize * 0.9);
  }
  for (const row of rows) {
    if (y + step > H - margin) break;
    y += step;
    body.push(text(margin * k, y * k, row, { size: size * k, font: family, fill: ink }));
    truth.push(row);
  }
  const drawn = await sharp(Buffer.from(svg(Math.round(W * k), Math.round(H * k), `<rect width="100%" height="100%" fill="${bg}"/>${body.join('')}`))).png().toBuffer();
  return { data: await jpegOf(sharp(drawn).resize(W, H, { fit: 'fill' }), between(rand, 70, 88)), ext: 'jpg', lines: truth };
}

/** Renders one line on `bg` and crops it to its ink plus 0–3 px per side: text touching the border. */
async function tightLine(rand: Rand, line: string, size: number, family: string, bg: string, ink: string): Promise<Buffer> {
  const width = Math.ceil((await measure(line, size, family)) + 4 * size);
  const doc = svg(width, size * 3, `<rect width="100%" height="100%" fill="${bg}"/>${text(size, size * 2, line, { size, font: family, fill: ink })}`);
  const trimmed = await sharp(Buffer.from(doc)).trim({ background: bg, threshold: 40 }).png().toBuffer();
  const [top, bottom, left, right] = [0, 0, 0, 0].map(() => between(rand, 0, 3));
  return sharp(trimmed).extend({ top, bottom, left, right, background: bg }).png().toBuffer();
}

/** One line cropped tight (a screenshot of a single line), 16–40 px text, sometimes dark mode. */
export async function tight(rand: Rand, lines: string[]): Promise<Sample> {
  const dark = rand() < 0.3;
  const line = lines[0];
  const data = await tightLine(rand, line, between(rand, 16, 40), font(rand), pick(rand, dark ? DARK_BG : LIGHT), pick(rand, dark ? LIGHT_INK : DARK_INK));
  return { data, ext: 'png', lines: [line] };
}

/**
 * One very long line, 1:40 to 1:80 (width : height): the lines given are joined (a space between
 * Latin neighbours) until the line is wide enough.
 */
export async function long(rand: Rand, lines: string[]): Promise<Sample> {
  const size = between(rand, 16, 28), family = font(rand);
  const margin = between(rand, 2, 6);
  const height = Math.round(size * 1.35) + 2 * margin;
  const aspect = between(rand, 40, 80);
  let line = '';
  let width = 0;
  for (const next of lines) {
    const joined = line === '' ? next : /[\x21-\x7e]$/.test(line) && /^[\x21-\x7e]/.test(next) ? `${line} ${next}` : `${line}${next}`;
    const w = await measure(joined, size, family);
    if (line !== '' && (w + 2 * size) / height > aspect) break;
    line = joined;
    width = w;
  }
  const W = Math.round(width + 2 * margin + between(rand, 0, size));
  const bg = pick(rand, LIGHT), ink = pick(rand, DARK_INK);
  const baseline = margin + Math.round(size * 1.05);
  const image = sharp(Buffer.from(svg(W, height, `<rect width="100%" height="100%" fill="${bg}"/>${text(margin, baseline, line, { size, font: family, fill: ink })}`)));
  return rand() < 0.5 ? { data: await jpegOf(image, 90), ext: 'jpg', lines: [line] } : { data: await image.png().toBuffer(), ext: 'png', lines: [line] };
}

/** White, black or coloured text on a transparent PNG (stickers, logos, exports), sometimes with a soft shadow. */
export async function alpha(rand: Rand, lines: string[]): Promise<Sample> {
  const r = rand();
  const ink = r < 0.45 ? '#ffffff' : r < 0.8 ? '#000000' : pick(rand, ['#ffd400', '#ff5a5f', '#2ec4b6', '#8b0000', '#1d3557']);
  const size = between(rand, 24, 56), family = font(rand), margin = between(rand, 4, 30);
  const rows = lines.slice(0, between(rand, 1, 3));
  const widths = await Promise.all(rows.map((l) => measure(l, size, family, 'bold')));
  const W = Math.ceil(Math.max(...widths) + 2 * margin), step = Math.round(size * 1.4);
  const H = rows.length * step + 2 * margin;
  const glow = rand() < 0.35;
  const shade = ink === '#000000' ? '#ffffff' : '#000000';
  const filter = glow ? `<filter id="s" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${(size / 12).toFixed(1)}"/></filter>` : '';
  const body = rows.map((l, i) => {
    const y = margin + i * step + Math.round(size * 1.05);
    const shadowed = glow ? text(margin + 2, y + 2, l, { size, font: family, weight: 'bold', fill: shade, opacity: 0.45, extra: 'filter="url(#s)"' }) : '';
    return shadowed + text(margin, y, l, { size, font: family, weight: 'bold', fill: ink });
  });
  const data = await sharp(Buffer.from(svg(W, H, filter + body.join('')))).ensureAlpha().png().toBuffer();
  return { data, ext: 'png', lines: rows };
}

/** A real 1-bit greyscale PNG (colour type 0, bit depth 1), as scanners and fax software write them. */
export function oneBitPng(grey: Uint8Array, width: number, height: number, threshold = 128): Buffer {
  const stride = Math.ceil(width / 8);
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x] >= threshold) raw[y * (stride + 1) + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A scanned document snippet saved as 1-bit PNG: black 18–30 px text, a little scanner noise. */
export async function onebit(rand: Rand, lines: string[]): Promise<Sample> {
  const size = between(rand, 18, 30), family = font(rand), margin = between(rand, 16, 40);
  const W = between(rand, 600, 1000);
  const rows = (await fitted(lines.slice(0, between(rand, 3, 8)), W - 2 * margin, size, family));
  const step = Math.round(size * 1.6);
  const H = rows.length * step + 2 * margin;
  const body = rows.map((l, i) => text(margin, margin + i * step + size, l, { size, font: family, fill: '#000' })).join('');
  const doc = svg(W, H, `${noiseFilter('n', '0.8', 1, between(rand, 1, 999), [0.9, 0.9, 0.9], [0.1, 0.1, 0.1])}<rect width="100%" height="100%" filter="url(#n)"/>${body}`);
  const { data, info } = await sharp(Buffer.from(doc)).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: oneBitPng(data, info.width, info.height, between(rand, 110, 150)), ext: 'png', lines: rows };
}

/** A text panel in a photo-like scene, stored turned with an EXIF orientation (3, 6 or 8) that turns it upright. */
export async function exif(rand: Rand, lines: string[], turned?: 3 | 6 | 8): Promise<Sample> {
  const portrait = rand() < 0.5;
  const W = portrait ? 960 : 1280, H = portrait ? 1280 : 960;
  const size = between(rand, 28, 48), family = font(rand), pad = 24;
  const rows = await fitted(lines.slice(0, between(rand, 1, 4)), W * 0.7, size, family);
  const widths = await Promise.all(rows.map((l) => measure(l, size, family)));
  const pw = Math.ceil(Math.max(...widths) + 2 * pad), step = Math.round(size * 1.5), ph = rows.length * step + 2 * pad;
  const px = between(rand, 20, W - pw - 20), py = between(rand, 20, H - ph - 20);
  const panel = rows.map((l, i) => text(px + pad, py + pad + i * step + size, l, { size, font: family, fill: pick(rand, DARK_INK) })).join('');
  const scene = await rasterize(svg(W, H, `${noiseFilter('bg', '0.004 0.01', 4, between(rand, 1, 999), [0.25, 0.3, 0.2], [0.5, 0.45, 0.4])}
    <rect width="100%" height="100%" filter="url(#bg)"/><rect x="${px}" y="${py}" width="${pw}" height="${ph}" rx="8" fill="${pick(rand, LIGHT)}"/>${panel}`));
  const upright = await finish(scene, { seed: between(rand, 1, 9999), noise: 3, vignette: 0.2 }).raw().toBuffer({ resolveWithObject: true });
  const orientation = turned ?? pick(rand, [3, 6, 8] as const);
  const stored = { 3: 180, 6: 270, 8: 90 }[orientation];
  const data = await sharp(upright.data, { raw: upright.info }).rotate(stored).jpeg({ quality: 85 }).withMetadata({ orientation }).toBuffer();
  return { data, ext: 'jpg', lines: rows };
}

/** A 648×1440 chat screenshot (an Immich preview keeps its size): bubbles of 14–20 px text, names and times. JPEG q80 4:4:4. */
export async function chat(rand: Rand, lines: string[]): Promise<Sample> {
  const W = 648, H = 1440, size = between(rand, 14, 20), lh = Math.round(size * 1.45), maxText = 380;
  const small = Math.max(12, size - 4);
  const names = ['小林', 'Amy', '阿杰', '王老师', 'Leo'];
  const colours = ['#e07a5f', '#3d85c6', '#6aa84f', '#8e7cc3', '#c27c0e'];
  const body: string[] = [];
  const truth: string[] = [];
  const title = `${pick(rand, ['周末聚餐', '项目群', '家人群', 'Book club'])}(${between(rand, 3, 9)})`;
  body.push(text(W / 2, 79, title, { size: 18, weight: 'bold', fill: '#111', anchor: 'middle' }));
  const clock = `${between(rand, 7, 23)}:${String(between(rand, 0, 59)).padStart(2, '0')}`;
  body.push(text(28, 30, clock, { size: 16, weight: 'bold', fill: '#111' }));
  truth.push(clock, title);
  let y = 118;
  let next = 0;
  while (next < lines.length) {
    if (rand() < 0.2) {
      const time = `${pick(rand, ['昨天', '今天', '星期三'])} ${between(rand, 8, 23)}:${String(between(rand, 0, 59)).padStart(2, '0')}`;
      if (y + 44 > H - 130) break;
      body.push(text(W / 2, y + 20, time, { size: small, fill: '#8a8a8a', anchor: 'middle' }));
      truth.push(time);
      y += 44;
      continue;
    }
    const me = rand() < 0.4;
    const who = between(rand, 0, names.length - 1);
    const wrapped = await wrap(lines[next], maxText, size);
    const bh = wrapped.length * lh + 20;
    const top = y + (me ? 0 : small + 8);
    if (top + bh > H - 130) break;
    next++;
    const ax = me ? W - 60 : 16;
    body.push(`<rect x="${ax}" y="${y}" width="44" height="44" rx="5" fill="${me ? '#8e7cc3' : colours[who]}"/>`);
    if (!me) {
      body.push(text(72, y + small, names[who], { size: small, fill: '#8a8a8a' }));
      truth.push(names[who]);
    }
    const tw = Math.max(...(await Promise.all(wrapped.map((l) => measure(l, size)))));
    const bw = tw + 28, bx = me ? ax - 10 - bw : 72, fill = me ? '#95ec69' : '#ffffff';
    body.push(`<rect x="${bx}" y="${top}" width="${bw}" height="${bh}" rx="5" fill="${fill}"/>`);
    wrapped.forEach((l, i) => body.push(text(bx + 14, top + 10 + lh * i + Math.round(size * 1.05), l, { size, fill: '#191919' })));
    truth.push(...wrapped);
    y = Math.max(top + bh, y + 44) + 20;
  }
  const doc = svg(W, H, `<rect width="100%" height="100%" fill="#ededed"/><rect x="0" y="100" width="${W}" height="1" fill="#d6d6d6"/>
    ${body.join('\n')}<rect x="0" y="${H - 112}" width="${W}" height="112" fill="#f7f7f7"/><rect x="62" y="${H - 98}" width="440" height="40" rx="5" fill="#fff"/>`);
  return { data: await jpegOf(sharp(Buffer.from(doc)), 80), ext: 'jpg', lines: truth };
}

/** A page of 3–8 rows (some "item … price" rows) turned upside down. */
export async function upsideDown(rand: Rand, lines: string[], prices: string[] = []): Promise<Sample> {
  const size = between(rand, 22, 40), family = font(rand), margin = between(rand, 20, 40);
  const W = between(rand, 500, 1100);
  const rows = await fitted(lines.slice(0, between(rand, 3, 8)), (W - 2 * margin) * (prices.length ? 0.65 : 1), size, family);
  const step = Math.round(size * 1.6);
  const H = rows.length * step + 2 * margin;
  const ink = pick(rand, DARK_INK);
  const truth: string[] = [];
  const body = rows.map((l, i) => {
    const y = margin + i * step + size;
    const price = prices[i];
    truth.push(price ? `${l} ${price}` : l);
    return text(margin, y, l, { size, font: family, fill: ink }) + (price ? text(W - margin, y, price, { size, font: family, fill: ink, anchor: 'end' }) : '');
  });
  const image = sharp(Buffer.from(svg(W, H, `<rect width="100%" height="100%" fill="${pick(rand, LIGHT)}"/>${body.join('')}`))).rotate(180);
  return rand() < 0.5 ? { data: await jpegOf(image, 88), ext: 'jpg', lines: truth } : { data: await image.png().toBuffer(), ext: 'png', lines: truth };
}

/** A page photographed at an angle: turned 4–15°, tilted in perspective, on a desk, lit unevenly, JPEG. */
export async function angle(rand: Rand, lines: string[]): Promise<Sample> {
  const size = between(rand, 22, 30), family = font(rand), margin = 40;
  const PWd = between(rand, 620, 820);
  const title = (await fitted(lines.slice(0, 1), PWd - 2 * margin, size + 8, family, 'bold'))[0];
  const rows = await fitted(lines.slice(1, between(rand, 7, 12)), PWd - 2 * margin, size, family);
  const step = Math.round(size * 1.65);
  const PHd = margin * 2 + size + 20 + rows.length * step;
  const ink = pick(rand, DARK_INK);
  const page = await rasterize(svg(PWd, PHd, `${noiseFilter('paper', '0.02', 3, between(rand, 1, 999), [0.93, 0.92, 0.89], [0.07, 0.07, 0.07])}
    <rect width="100%" height="100%" filter="url(#paper)"/>
    ${title ? text(margin, margin + size + 8, title, { size: size + 8, font: family, weight: 'bold', fill: ink }) : ''}
    ${rows.map((l, i) => text(margin, margin + size + 28 + (i + 1) * step - 8, l, { size, font: family, fill: ink })).join('')}`));
  const portrait = PHd > PWd * 1.1;
  const BW = portrait ? 1080 : 1440, BH = portrait ? 1440 : 1080;
  const deg = (rand() < 0.5 ? -1 : 1) * between(rand, 4, 15);
  const fit = Math.min((BW * 0.8) / PWd, (BH * 0.8) / PHd, 1.3);
  const quad = tilt(placed(BW / 2 + between(rand, -30, 30), BH / 2 + between(rand, -30, 30), PWd * fit, PHd * fit, deg), {
    top: between(rand, 82, 96) / 100,
    left: between(rand, 92, 100) / 100,
  });
  const desk = await rasterize(svg(BW, BH, `${noiseFilter('desk', '0.004 0.05', 4, between(rand, 1, 999), [0.4, 0.28, 0.18], [0.3, 0.2, 0.1])}
    <rect width="100%" height="100%" filter="url(#desk)"/>${shadow(quad, 12, 18, 12, 0.45)}`));
  warpOnto(desk, page, quad);
  const photo = finish(desk, { seed: between(rand, 1, 9999), noise: 3, vignette: 0.35, light: [rand() - 0.5, rand() - 0.5, 0.12], tint: [1.02, 1, 0.95], blur: 0.6 });
  return { data: await photo.jpeg({ quality: 80, chromaSubsampling: '4:4:4' }).toBuffer(), ext: 'jpg', lines: title ? [title, ...rows] : rows };
}
