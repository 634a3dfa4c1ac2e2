/**
 * Photo simulation for generated images (the README samples, the OCR dev set): SVG text drawn with
 * Debian's fonts-noto-cjk through sharp, text measuring and wrapping, perspective warps onto a
 * background, lighting, sensor noise and JPEG. Deterministic: randomness comes from seeds.
 */
import sharp from 'sharp';
import { prng } from '../prng';

export const SANS = 'Noto Sans CJK SC';
export const SERIF = 'Noto Serif CJK SC';
export const MONO = 'Noto Sans Mono CJK SC';

export type Pt = [number, number];
/** RGBA, 8 bit, not premultiplied (sharp's raw output). */
export interface Raw { data: Buffer; width: number; height: number }

// ---------------------------------------------------------------------------------------------
// SVG helpers

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface TextStyle {
  size: number;
  font?: string;
  weight?: number | string;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  spacing?: number;
  opacity?: number;
  extra?: string;
}

export function text(x: number, y: number, s: string, o: TextStyle): string {
  const attrs = [
    `x="${x.toFixed(1)}"`, `y="${y.toFixed(1)}"`, `font-family="${o.font ?? SANS}"`, `font-size="${o.size}"`,
    `fill="${o.fill ?? '#111'}"`, o.weight ? `font-weight="${o.weight}"` : '', o.anchor ? `text-anchor="${o.anchor}"` : '',
    o.spacing ? `letter-spacing="${o.spacing}"` : '', o.opacity !== undefined ? `opacity="${o.opacity}"` : '', o.extra ?? '',
  ];
  return `<text ${attrs.filter(Boolean).join(' ')} xml:space="preserve">${esc(s)}</text>`;
}

export const svg = (w: number, h: number, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;

/** Fractal-noise texture mapped to a colour ramp: `rgb` at noise 0 and `rgb + span` at noise 1. */
export function noiseFilter(id: string, freq: string, octaves: number, seed: number, rgb: [number, number, number], span: [number, number, number], alpha = 1): string {
  const row = (i: number) => `${span[i]} 0 0 0 ${rgb[i]}`;
  return `<filter id="${id}" x="0" y="0" width="100%" height="100%" filterUnits="objectBoundingBox">
    <feTurbulence type="fractalNoise" baseFrequency="${freq}" numOctaves="${octaves}" seed="${seed}"/>
    <feColorMatrix type="matrix" values="${row(0)} ${row(1)} ${row(2)} 0 0 0 0 ${alpha}"/></filter>`;
}

export async function rasterize(doc: string): Promise<Raw> {
  const { data, info } = await sharp(Buffer.from(doc)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

// Text measuring: the ink width of the text between two bars, less that of the two bars. Where a
// font draws '|' too faintly to be found (Noto Serif CJK at some sizes), 'H' bars are used instead.
const advanceCache = new Map<string, number>();
async function inkWidth(s: string, size: number, font: string, weight: string | number): Promise<number | undefined> {
  const w = Math.ceil(size * (s.length + 4) * 1.2);
  const h = Math.ceil(size * 2);
  const png = await sharp(Buffer.from(svg(w, h, `<rect width="100%" height="100%" fill="#fff"/>${text(size, size * 1.4, s, { size, font, weight, fill: '#000' })}`)))
    .trim({ background: '#ffffff', threshold: 40 }).toBuffer({ resolveWithObject: true });
  return png.info.width === w && png.info.height === h ? undefined : png.info.width;
}
export async function measure(s: string, size: number, font = SANS, weight: string | number = 'normal'): Promise<number> {
  const key = `${font}|${weight}|${size}|${s}`;
  let width = advanceCache.get(key);
  if (width === undefined) {
    for (const bar of ['|', 'H']) {
      const [inner, bars] = [await inkWidth(`${bar}${s}${bar}`, size, font, weight), await inkWidth(bar + bar, size, font, weight)];
      if (inner !== undefined && bars !== undefined) {
        width = inner - bars;
        break;
      }
    }
    if (width === undefined) throw new Error(`cannot measure ${JSON.stringify(s)} in ${font} at ${size} px`);
    advanceCache.set(key, width);
  }
  return width;
}

/** Greedy line breaking: CJK characters break anywhere, Latin words at spaces. */
export async function wrap(s: string, maxWidth: number, size: number, font = SANS, weight: string | number = 'normal'): Promise<string[]> {
  const tokens = s.match(/[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+|\s+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (line !== '' && (await measure(candidate.trimEnd(), size, font, weight)) > maxWidth) {
      lines.push(line.trimEnd());
      line = token.trim() === '' ? '' : token;
    } else {
      line = candidate;
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Photo simulation: perspective warp, lighting, noise

/** The projective map taking the four points `from` onto `to` (3×3, row major). */
export function homography(from: Pt[], to: Pt[]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i];
    const [u, v] = to[i];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k < 9; k++) a[r][k] -= f * a[c][k];
    }
  }
  return [...a.map((row, i) => row[8] / row[i]), 1];
}

/** A rectangle of size w×h turned by `deg` about its centre placed at (cx, cy), corners TL TR BR BL. */
export function placed(cx: number, cy: number, w: number, h: number, deg: number): Pt[] {
  const t = (deg * Math.PI) / 180;
  return ([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]] as Pt[]).map(([x, y]) => [
    cx + x * Math.cos(t) - y * Math.sin(t),
    cy + x * Math.sin(t) + y * Math.cos(t),
  ]);
}

/** Moves corners to fake a camera tilt: `top` < 1 narrows the top edge, `left` < 1 shortens the left edge. */
export function tilt(q: Pt[], { top = 1, left = 1 }: { top?: number; left?: number }): Pt[] {
  const mid = (a: Pt, b: Pt, f: number): [Pt, Pt] => {
    const cx = (a[0] + b[0]) / 2, cy = (a[1] + b[1]) / 2;
    return [[cx + (a[0] - cx) * f, cy + (a[1] - cy) * f], [cx + (b[0] - cx) * f, cy + (b[1] - cy) * f]];
  };
  let [tl, tr, br, bl] = q;
  [tl, tr] = mid(tl, tr, top);
  [tl, bl] = mid(tl, bl, left);
  return [tl, tr, br, bl];
}

/**
 * Draws `doc` onto `bg` (in place) so that its corners land on `quad` (TL TR BR BL); `bend` displaces
 * the destination point before the inverse map (paper that is not flat).
 */
export function warpOnto(bg: Raw, doc: Raw, quad: Pt[], bend?: (x: number, y: number) => Pt): void {
  const { width: sw, height: sh, data: src } = doc;
  const h = homography(quad, [[0, 0], [sw, 0], [sw, sh], [0, sh]]);
  const xs = quad.map((p) => p[0]), ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 12), x1 = Math.min(bg.width - 1, Math.ceil(Math.max(...xs)) + 12);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 12), y1 = Math.min(bg.height - 1, Math.ceil(Math.max(...ys)) + 12);
  const out = bg.data;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      let px = x + 0.5, py = y + 0.5;
      if (bend) [px, py] = bend(px, py);
      const w = h[6] * px + h[7] * py + h[8];
      const u = (h[0] * px + h[1] * py + h[2]) / w - 0.5;
      const v = (h[3] * px + h[4] * py + h[5]) / w - 0.5;
      if (u < -1 || v < -1 || u > sw || v > sh) continue;
      const iu = Math.floor(u), iv = Math.floor(v), fu = u - iu, fv = v - iv;
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = 0; k < 4; k++) {
        const sx = iu + (k & 1), sy = iv + (k >> 1);
        if (sx < 0 || sy < 0 || sx >= sw || sy >= sh) continue;
        const wt = ((k & 1) ? fu : 1 - fu) * ((k >> 1) ? fv : 1 - fv);
        const i = (sy * sw + sx) * 4;
        const al = (src[i + 3] / 255) * wt;
        r += src[i] * al; g += src[i + 1] * al; b += src[i + 2] * al; a += al;
      }
      if (a <= 0) continue;
      const o = (y * bg.width + x) * 4;
      out[o] = r + out[o] * (1 - a);
      out[o + 1] = g + out[o + 1] * (1 - a);
      out[o + 2] = b + out[o + 2] * (1 - a);
    }
  }
}

export interface Finish {
  seed: number;
  /** Sensor noise, standard deviation in 8-bit levels. */
  noise?: number;
  /** Darkening towards the corners (0…1). */
  vignette?: number;
  /** Light falling from one side: [dx, dy, strength], brightness changes by ±strength along (dx, dy). */
  light?: [number, number, number];
  /** Colour cast multiplied in (white balance). */
  tint?: [number, number, number];
  blur?: number;
}

/** Lighting, colour cast and noise, then an RGB sharp pipeline with a little lens blur. */
export function finish(img: Raw, f: Finish): sharp.Sharp {
  const rand = prng(f.seed);
  const { width: w, height: h, data } = img;
  const rgb = Buffer.alloc(w * h * 3);
  const [ldx, ldy, ls] = f.light ?? [0, 0, 0];
  const tint = f.tint ?? [1, 1, 1];
  const vig = f.vignette ?? 0;
  const sigma = f.noise ?? 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const nx = (x / w) * 2 - 1, ny = (y / h) * 2 - 1;
      const gain = (1 - vig * 0.5 * (nx * nx + ny * ny)) * (1 + ls * (nx * ldx + ny * ldy));
      const n = sigma ? (rand() + rand() + rand() - 1.5) * 2 * sigma : 0;
      const i = (y * w + x) * 4, o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) rgb[o + c] = Math.max(0, Math.min(255, Math.round(data[i + c] * gain * tint[c] + n)));
    }
  }
  const s = sharp(rgb, { raw: { width: w, height: h, channels: 3 } });
  return f.blur ? s.blur(f.blur) : s;
}

export const jpeg = (s: sharp.Sharp, quality: number) => s.jpeg({ quality, mozjpeg: true, chromaSubsampling: '4:2:0' }).toBuffer();

/** A shadow (blurred, offset copy of the quad) for the background SVG. */
export function shadow(q: Pt[], dx: number, dy: number, blur: number, opacity: number): string {
  return `<filter id="shadow" x="-30%" y="-30%" width="160%" height="160%"><feGaussianBlur stdDeviation="${blur}"/></filter>
    <polygon points="${q.map(([x, y]) => `${(x + dx).toFixed(1)},${(y + dy).toFixed(1)}`).join(' ')}" fill="#000" opacity="${opacity}" filter="url(#shadow)"/>`;
}

/** A square pattern that looks like a QR code (not a decodable one). */
export function fakeQr(x: number, y: number, size: number, seed: number, color = '#111'): string {
  const rand = prng(seed);
  const n = 25, cell = size / n;
  const finder = (i: number, j: number) => [[0, 0], [n - 7, 0], [0, n - 7]].some(([a, b]) => i >= a && i < a + 7 && j >= b && j < b + 7);
  let out = '';
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) if (!finder(i, j) && rand() < 0.5) out += `<rect x="${(x + i * cell).toFixed(2)}" y="${(y + j * cell).toFixed(2)}" width="${cell.toFixed(2)}" height="${cell.toFixed(2)}"/>`;
  for (const [a, b] of [[0, 0], [n - 7, 0], [0, n - 7]]) {
    out += `<rect x="${x + a * cell}" y="${y + b * cell}" width="${7 * cell}" height="${7 * cell}"/>`;
    out += `<rect x="${x + (a + 1) * cell}" y="${y + (b + 1) * cell}" width="${5 * cell}" height="${5 * cell}" fill="#fff"/>`;
    out += `<rect x="${x + (a + 2) * cell}" y="${y + (b + 2) * cell}" width="${3 * cell}" height="${3 * cell}"/>`;
  }
  return `<g fill="${color}">${out}</g>`;
}

export function barcode(x: number, y: number, width: number, height: number, seed: number): string {
  const rand = prng(seed);
  let out = '';
  for (let cx = x; cx < x + width;) {
    const bar = 1 + Math.floor(rand() * 3), gap = 1 + Math.floor(rand() * 3);
    out += `<rect x="${cx}" y="${y}" width="${bar * 1.5}" height="${height}"/>`;
    cx += (bar + gap) * 1.5;
  }
  return `<g fill="#222">${out}</g>`;
}
