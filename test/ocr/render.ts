import sharp from 'sharp';

export interface DrawnLine {
  text: string;
  x: number;
  /** Baseline y. */
  y: number;
  size: number;
}

export interface Rendered {
  png: Buffer;
  width: number;
  height: number;
  lines: DrawnLine[];
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders lines of text with Noto Sans CJK SC (Debian's fonts-noto-cjk) through sharp's SVG support. */
export async function renderLines(
  texts: string[],
  { size = 40, padding = 30, width, background = '#ffffff', color = '#111111', font = 'Noto Sans CJK SC' }: {
    size?: number; padding?: number; width?: number; background?: string; color?: string; font?: string;
  } = {},
): Promise<Rendered> {
  const lineHeight = Math.round(size * 1.6);
  const w = width ?? Math.max(...texts.map((t) => [...t].length)) * size + 2 * padding;
  const h = texts.length * lineHeight + 2 * padding;
  const lines = texts.map((text, i) => ({ text, x: padding, y: padding + i * lineHeight + size, size }));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="${background}"/>
    ${lines.map((l) => `<text x="${l.x}" y="${l.y}" font-family="${font}" font-size="${l.size}" fill="${color}" xml:space="preserve">${escapeXml(l.text)}</text>`).join('\n')}
  </svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return { png, width: w, height: h, lines };
}

/** A receipt: per row the item at the left edge and its price at the right edge (two boxes for OCR). */
export async function renderReceipt(rows: Array<[string, string]>, { size = 36, width = 900, padding = 40 } = {}): Promise<Rendered> {
  const lineHeight = Math.round(size * 1.8);
  const h = rows.length * lineHeight + 2 * padding;
  const lines: DrawnLine[] = rows.flatMap(([item, price], i) => {
    const y = padding + i * lineHeight + size;
    return [{ text: item, x: padding, y, size }, ...(price ? [{ text: price, x: width - padding, y, size }] : [])];
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    ${rows
      .map(([item, price], i) => {
        const y = padding + i * lineHeight + size;
        const font = `font-family="Noto Sans CJK SC" font-size="${size}" fill="#111111"`;
        return `<text x="${padding}" y="${y}" ${font}>${escapeXml(item)}</text>` + (price ? `<text x="${width - padding}" y="${y}" text-anchor="end" ${font}>${escapeXml(price)}</text>` : '');
      })
      .join('\n')}
  </svg>`;
  return { png: await sharp(Buffer.from(svg)).png().toBuffer(), width, height: h, lines };
}

/** Bounding box (pixels) of the dark ink of an image region, for checking where a box landed. */
export async function inkBox(png: Buffer, region: { left: number; top: number; width: number; height: number }, threshold = 128) {
  const { data, info } = await sharp(png).extract(region).greyscale().raw().toBuffer({ resolveWithObject: true });
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[y * info.width + x] < threshold) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
  }
  return { x0: x0 + region.left, y0: y0 + region.top, x1: x1 + region.left, y1: y1 + region.top };
}

/** Character error rate: edit distance over the truth's length, spaces ignored (CJK has none). */
export function cer(truth: string, predicted: string): number {
  const a = [...truth.normalize('NFKC').replace(/\s+/g, '')];
  const b = [...predicted.normalize('NFKC').replace(/\s+/g, '')];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] / Math.max(1, a.length);
}

/** Axis-aligned bounds of box `i` of an Immich OCR result, in pixels. */
export function boxBounds(box: number[], i: number, width: number, height: number) {
  const xs = [box[i * 8], box[i * 8 + 2], box[i * 8 + 4], box[i * 8 + 6]].map((v) => v * width);
  const ys = [box[i * 8 + 1], box[i * 8 + 3], box[i * 8 + 5], box[i * 8 + 7]].map((v) => v * height);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

export function overlapRatio(a: { x0: number; y0: number; x1: number; y1: number }, b: { x0: number; y0: number; x1: number; y1: number }): number {
  const ix = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
  const iy = Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
  const areaB = (b.x1 - b.x0) * (b.y1 - b.y0);
  return areaB > 0 ? (ix * iy) / areaB : 0;
}
