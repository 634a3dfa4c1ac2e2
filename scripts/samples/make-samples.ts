/**
 * `npm run build && node dist/scripts/samples/make-samples.js [OUT_DIR [NAME...]]` — regenerates the
 * sample photos in `samples/` (OUT_DIR defaults to the repo's `samples/`; NAMEs pick some files by
 * substring): a receipt on a table, a shop front with an exit sign, a chat screenshot, a VAT invoice
 * scan, a train ticket, a café menu board, an English book page and a parking fee notice in a dim
 * garage. Everything is drawn as SVG with Debian's fonts-noto-cjk (Noto Sans / Serif / Sans Mono
 * CJK SC) through sharp; photos are then warped in perspective onto a background, lit, given sensor
 * noise and saved as JPEG. All randomness comes from fixed seeds (feTurbulence seeds and `prng`), so
 * a rerun with the same sharp/librsvg and fonts gives byte-identical files. Writes only the images,
 * not samples/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { prng } from '../prng';
import {
  SANS, SERIF, MONO, Pt, TextStyle, text, svg, noiseFilter, rasterize, measure, wrap, placed, tilt, warpOnto, finish, jpeg, shadow, fakeQr, barcode,
} from './photo';

// ---------------------------------------------------------------------------------------------
// 1. Supermarket receipt on a wooden table

async function receipt(): Promise<Buffer> {
  const W = 540, size = 21, lh = 33, left = 26, right = W - 26;
  const items: [string, string, string][] = [
    ['矿泉水550ml', '2', '4.00'], ['东北大米5kg', '1', '39.90'], ['纯牛奶250ml', '12', '42.00'], ['红富士苹果', '1.25kg', '12.38'],
    ['上海青', '1', '3.50'], ['土鸡蛋30枚', '1', '19.90'], ['抽纸3包装', '1', '15.90'], ['可乐330ml', '6', '9.00'],
  ];
  const rows: string[] = [];
  let y = 70;
  const center = (s: string, st: Partial<TextStyle> = {}) => { rows.push(text(W / 2, y, s, { size, font: MONO, anchor: 'middle', ...st })); y += lh; };
  const lr = (l: string, r: string, st: Partial<TextStyle> = {}) => {
    rows.push(text(left, y, l, { size, font: MONO, ...st }), text(right, y, r, { size, font: MONO, anchor: 'end', ...st }));
    y += lh;
  };
  const rule = () => { rows.push(text(W / 2, y - 8, '-'.repeat(44), { size: 18, font: MONO, anchor: 'middle', fill: '#555' })); y += lh * 0.7; };
  center('佳福生活超市', { size: 32, weight: 'bold' }); y += 6;
  center('JIAFU SUPERMARKET', { size: 18, spacing: 2 });
  center('深圳市南山区科技园南路88号');
  center('电话: 0755-2658 3321');
  rule();
  rows.push(text(left, y, '单号: 0315-0087-15362', { size, font: MONO })); y += lh;
  rows.push(text(left, y, '日期: 2024-03-15 18:42:07', { size, font: MONO })); y += lh;
  lr('收银员: 012', '机号: 03');
  rule();
  rows.push(text(left, y, '品名', { size, font: MONO }), text(W - 150, y, '数量', { size, font: MONO, anchor: 'end' }), text(right, y, '金额', { size, font: MONO, anchor: 'end' }));
  y += lh;
  for (const [name, qty, price] of items) {
    rows.push(text(left, y, name, { size, font: MONO }), text(W - 150, y, qty, { size, font: MONO, anchor: 'end' }), text(right, y, price, { size, font: MONO, anchor: 'end' }));
    y += lh;
  }
  rule();
  lr('件数: 25', '合计: 146.58');
  lr('优惠:', '-3.00');
  lr('总计:', '143.58', { size: 25, weight: 'bold' });
  lr('微信支付:', '143.58');
  rule();
  center('谢谢惠顾 欢迎再次光临');
  center('可开发票 请保留小票');
  center('Thank you for shopping!', { size: 19 });
  y += 6;
  rows.push(barcode(W / 2 - 150, y - 10, 300, 56, 11)); y += 72;
  center('20240315008715362', { size: 17 });
  const H = Math.round(y + 20);
  // Torn edges: small teeth along top and bottom.
  const teeth = (yy: number, dir: number) => {
    const pts: string[] = [];
    for (let x = 0; x <= W; x += 9) pts.push(`${x},${yy + (((x / 9) % 2) ? dir * 4 : 0)}`);
    return pts;
  };
  const outline = [...teeth(4, -1), ...teeth(H - 4, 1).reverse()].join(' ');
  const doc = svg(W, H, `
    ${noiseFilter('paper', '0.02', 3, 5, [0.93, 0.92, 0.89], [0.07, 0.07, 0.07])}
    <clipPath id="edge"><polygon points="${outline}"/></clipPath>
    <g clip-path="url(#edge)">
      <rect width="100%" height="100%" filter="url(#paper)"/>
      <rect x="0" y="${H * 0.46}" width="${W}" height="3" fill="#000" opacity="0.06"/>
      <rect x="0" y="${H * 0.46 + 3}" width="${W}" height="10" fill="#fff" opacity="0.25"/>
      <g opacity="0.86">${rows.join('\n')}</g>
    </g>`);
  const paper = await rasterize(doc);

  const PW = 960, PH = 1280;
  const scale = 1.0;
  const quad = tilt(placed(PW / 2 + 10, PH / 2 + 6, W * scale, H * scale, -4), { top: 0.93 });
  const table = await rasterize(svg(PW, PH, `
    ${noiseFilter('wood', '0.0035 0.06', 4, 7, [0.36, 0.22, 0.12], [0.3, 0.2, 0.1])}
    <rect width="100%" height="100%" filter="url(#wood)"/>
    <rect x="0" y="0" width="${PW}" height="${PH}" fill="#000" opacity="0.08"/>
    <circle cx="860" cy="120" r="150" fill="none" stroke="#3a2414" stroke-width="10" opacity="0.18"/>
    ${shadow(quad, 14, 20, 14, 0.5)}`));
  warpOnto(table, paper, quad, (x, y) => [x + 5 * Math.sin(y / 230), y]);
  return jpeg(finish(table, { seed: 101, noise: 3, vignette: 0.45, light: [-0.6, -0.8, 0.12], tint: [1.03, 1.0, 0.94], blur: 0.6 }), 80);
}

// ---------------------------------------------------------------------------------------------
// 2. Shop front: noodle restaurant sign, exit sign, phone number

async function shopSign(): Promise<Buffer> {
  const W = 1500, H = 1100;
  const exit = (x: number, y: number) => `
    <rect x="${x}" y="${y}" width="300" height="104" rx="6" fill="#0b8a3e" stroke="#dfe7e2" stroke-width="6"/>
    <g fill="#fff">
      <circle cx="${x + 42}" cy="${y + 24}" r="9"/>
      <path d="M${x + 30} ${y + 38} l18 -4 l14 16 l14 2 l-2 8 l-18 -3 l-8 -8 l-4 16 l14 14 l-4 22 l-9 -2 l3 -17 l-14 -11 l-8 22 l-16 10 l-5 -7 l13 -10 l10 -30 l-8 2 l-8 12 l-7 -4 z"/>
    </g>
    ${text(x + 188, y + 48, '安全出口', { size: 34, weight: 'bold', fill: '#fff', anchor: 'middle', spacing: 2 })}
    ${text(x + 188, y + 90, 'EXIT', { size: 32, weight: 'bold', fill: '#fff', anchor: 'middle', spacing: 6 })}`;
  const doc = svg(W, H, `
    ${noiseFilter('tile', '0.03', 3, 21, [0.62, 0.58, 0.52], [0.25, 0.24, 0.22])}
    ${noiseFilter('dirt', '0.008', 4, 22, [0, 0, 0], [0, 0, 0], 0)}
    <linearGradient id="glass" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2b3a44"/><stop offset="0.45" stop-color="#46596a"/><stop offset="0.55" stop-color="#6d8193"/><stop offset="0.62" stop-color="#3a4b58"/><stop offset="1" stop-color="#1d262d"/></linearGradient>
    <linearGradient id="fascia" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#b3261e"/><stop offset="1" stop-color="#7d1410"/></linearGradient>
    <rect width="100%" height="100%" filter="url(#tile)"/>
    <g stroke="#8d857a" stroke-width="2" opacity="0.5">${Array.from({ length: 22 }, (_, i) => `<line x1="0" y1="${i * 52}" x2="${W}" y2="${i * 52}"/>`).join('')}${Array.from({ length: 30 }, (_, i) => `<line x1="${i * 52}" y1="0" x2="${i * 52}" y2="${H}"/>`).join('')}</g>
    <rect x="90" y="110" width="1320" height="300" fill="#5a0c08"/>
    <rect x="100" y="120" width="1300" height="280" fill="url(#fascia)" stroke="#d9b25a" stroke-width="8"/>
    ${text(750, 292, '老街面馆', { size: 150, font: SERIF, weight: 'bold', fill: '#f2cf73', anchor: 'middle', spacing: 24 })}
    ${text(750, 372, 'LAOJIE NOODLE HOUSE', { size: 46, weight: 'bold', fill: '#fbe9c0', anchor: 'middle', spacing: 8 })}
    <rect x="250" y="450" width="1000" height="650" fill="#9aa0a4"/>
    <rect x="270" y="470" width="470" height="630" fill="url(#glass)"/>
    <rect x="760" y="470" width="470" height="630" fill="url(#glass)"/>
    <rect x="730" y="470" width="40" height="630" fill="#b4b9bc"/>
    <rect x="700" y="760" width="12" height="150" rx="5" fill="#d9dcde"/><rect x="788" y="760" width="12" height="150" rx="5" fill="#d9dcde"/>
    ${exit(600, 490)}
    <rect x="300" y="640" width="330" height="160" rx="8" fill="#fdf8ec"/>
    ${text(465, 690, '营业时间', { size: 30, weight: 'bold', fill: '#7d1410', anchor: 'middle' })}
    ${text(465, 735, '10:30-22:00', { size: 32, fill: '#222', anchor: 'middle' })}
    ${text(465, 778, 'OPEN DAILY', { size: 24, fill: '#555', anchor: 'middle', spacing: 3 })}
    <rect x="850" y="640" width="350" height="160" rx="8" fill="#ffd84d"/>
    ${text(1025, 690, '外卖订餐电话', { size: 30, weight: 'bold', fill: '#222', anchor: 'middle' })}
    ${text(1025, 742, '0755-8621 3377', { size: 36, weight: 'bold', fill: '#b3261e', anchor: 'middle' })}
    ${text(1025, 782, 'Delivery hotline', { size: 22, fill: '#333', anchor: 'middle' })}
    <rect x="10" y="480" width="220" height="560" fill="#f1ece0"/>
    ${text(120, 540, '招牌', { size: 40, weight: 'bold', fill: '#b3261e', anchor: 'middle' })}
    ${text(120, 595, '牛肉面', { size: 44, weight: 'bold', fill: '#b3261e', anchor: 'middle' })}
    ${text(120, 660, '¥18', { size: 54, weight: 'bold', fill: '#222', anchor: 'middle' })}
    ${text(120, 710, 'Beef Noodles', { size: 24, fill: '#333', anchor: 'middle' })}
    <rect x="30" y="740" width="180" height="260" fill="#d9cdb3"/>
    <rect x="1270" y="480" width="220" height="560" fill="#2e3a40"/>
    <rect width="100%" height="100%" fill="#000" opacity="0.0"/>`);
  const facade = await rasterize(doc);
  const PW = 1280, PH = 960;
  const quad: Pt[] = [[-60, 30], [1230, 120], [1250, 870], [-40, 1000]];
  const street = await rasterize(svg(PW, PH, `
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#9cc3e4"/><stop offset="1" stop-color="#e4eef5"/></linearGradient>
    ${noiseFilter('road', '0.05', 3, 31, [0.35, 0.35, 0.36], [0.3, 0.3, 0.3])}
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <rect x="0" y="820" width="${PW}" height="${PH - 820}" filter="url(#road)"/>
    <rect x="1200" y="0" width="80" height="${PH}" fill="#6f6a64"/>`));
  warpOnto(street, facade, quad);
  return jpeg(finish(street, { seed: 202, noise: 3.5, vignette: 0.35, light: [1, -0.3, 0.1], tint: [1.02, 1.0, 0.97], blur: 0.7 }), 80);
}

// ---------------------------------------------------------------------------------------------
// 3. Chat app screenshot, 648×1440

async function chatScreenshot(): Promise<Buffer> {
  const W = 648, H = 1440, size = 17, lh = 25, maxText = 380;
  type Msg = { time: string } | { from: string; me?: boolean; text: string; link?: string } | { transfer: string; me?: boolean };
  const people: Record<string, string> = { 小林: '#e07a5f', Amy: '#3d85c6', 阿杰: '#6aa84f', me: '#8e7cc3' };
  const msgs: Msg[] = [
    { time: '昨天 21:15' },
    { from: '小林', text: '周六晚上大家有空吗？想约个饭' },
    { from: 'me', me: true, text: '可以呀，几点？' },
    { from: 'Amy', text: 'Saturday works for me!' },
    { time: '今天 10:32' },
    { from: '小林', text: '定了：周六 19:00 老街面馆，人均 ¥88' },
    { from: '小林', text: '菜单和地址在这里：', link: 'https://m.example.com/s/Xk29aQ' },
    { from: 'me', me: true, text: '收到，我18:45到' },
    { from: 'Amy', text: "See you at 7pm. I'll bring the cake." },
    { from: '阿杰', text: '我可能晚到半小时，你们先点菜' },
    { from: 'me', me: true, text: '没事，给你留位子' },
    { time: '今天 18:20' },
    { transfer: '¥88.00', me: true },
    { from: '小林', text: '已收款，谢谢！' },
  ];
  const body: string[] = [];
  let y = 118;
  for (const m of msgs) {
    if ('time' in m) {
      body.push(text(W / 2, y + 20, m.time, { size: 14, fill: '#8a8a8a', anchor: 'middle' }));
      y += 44;
      continue;
    }
    const me = !!m.me;
    const who = 'from' in m ? m.from : 'me';
    const ax = me ? W - 16 - 44 : 16;
    body.push(`<rect x="${ax}" y="${y}" width="44" height="44" rx="5" fill="${people[who] ?? '#999'}"/>`,
      text(ax + 22, y + 29, who === 'me' ? '我' : [...who][0], { size: 20, fill: '#fff', anchor: 'middle' }));
    let top = y;
    if (!me && 'from' in m) {
      body.push(text(72, y + 13, m.from, { size: 14, fill: '#8a8a8a' }));
      top += 20;
    }
    if ('transfer' in m) {
      const bw = 250, bx = me ? ax - 10 - bw : 72;
      body.push(`<rect x="${bx}" y="${top}" width="${bw}" height="104" rx="6" fill="#f79c42"/>`,
        `<circle cx="${bx + 36}" cy="${top + 38}" r="20" fill="none" stroke="#fff" stroke-width="3"/>`,
        `<path d="M${bx + 27} ${top + 34} h18 l-5 -5 M${bx + 45} ${top + 42} h-18 l5 5" stroke="#fff" stroke-width="3" fill="none"/>`,
        text(bx + 68, top + 36, m.transfer, { size: 20, fill: '#fff', weight: 'bold' }),
        text(bx + 68, top + 60, '转账给小林', { size: 14, fill: '#fff' }),
        `<rect x="${bx}" y="${top + 76}" width="${bw}" height="28" fill="#000" opacity="0.06"/>`,
        text(bx + 12, top + 96, '微信转账', { size: 13, fill: '#fff' }));
      y = Math.max(top + 104, y + 44) + 22;
      continue;
    }
    const plain = await wrap(m.text, maxText, size);
    const lines = [...plain, ...('link' in m && m.link ? await wrap(m.link, maxText, size) : [])];
    const tw = Math.max(...(await Promise.all(lines.map((l) => measure(l, size)))));
    const bw = tw + 28, bh = lines.length * lh + 20;
    const bx = me ? ax - 10 - bw : 72;
    const fill = me ? '#95ec69' : '#ffffff';
    const tip = me ? `M${bx + bw} ${top + 14} l7 6 l-7 6 z` : `M${bx} ${top + 14} l-7 6 l7 6 z`;
    body.push(`<rect x="${bx}" y="${top}" width="${bw}" height="${bh}" rx="5" fill="${fill}"/><path d="${tip}" fill="${fill}"/>`);
    for (const [i, l] of lines.entries()) {
      const isLink = i >= plain.length;
      body.push(text(bx + 14, top + 10 + lh * i + 18, l, { size, fill: isLink ? '#2a5db0' : '#191919' }));
      if (isLink) body.push(`<rect x="${bx + 14}" y="${top + 10 + lh * i + 21}" width="${await measure(l, size)}" height="1" fill="#2a5db0"/>`);
    }
    y = Math.max(top + bh, y + 44) + 22;
  }
  const doc = svg(W, H, `
    <rect width="100%" height="100%" fill="#ededed"/>
    ${text(28, 30, '19:42', { size: 16, weight: 'bold', fill: '#111' })}
    <g fill="#111"><rect x="556" y="18" width="5" height="8"/><rect x="563" y="15" width="5" height="11"/><rect x="570" y="12" width="5" height="14"/>
      <rect x="588" y="13" width="34" height="15" rx="3" fill="none" stroke="#111" stroke-width="1.5"/><rect x="591" y="16" width="24" height="9" rx="1"/><rect x="623" y="18" width="2.5" height="5"/></g>
    <rect x="0" y="44" width="${W}" height="56" fill="#ededed"/>
    <path d="M30 60 l-11 12 l11 12" stroke="#111" stroke-width="2.5" fill="none"/>
    ${text(W / 2, 79, '周末聚餐(4)', { size: 18, weight: 'bold', fill: '#111', anchor: 'middle' })}
    <g fill="#111"><circle cx="596" cy="72" r="2.5"/><circle cx="606" cy="72" r="2.5"/><circle cx="616" cy="72" r="2.5"/></g>
    <rect x="0" y="100" width="${W}" height="1" fill="#d6d6d6"/>
    ${body.join('\n')}
    <rect x="0" y="${H - 112}" width="${W}" height="112" fill="#f7f7f7"/><rect x="0" y="${H - 112}" width="${W}" height="1" fill="#d6d6d6"/>
    <circle cx="34" cy="${H - 78}" r="15" fill="none" stroke="#333" stroke-width="2"/>
    <rect x="62" y="${H - 98}" width="440" height="40" rx="5" fill="#fff"/>
    <circle cx="530" cy="${H - 78}" r="15" fill="none" stroke="#333" stroke-width="2"/>
    <rect x="560" y="${H - 96}" width="72" height="36" rx="5" fill="#07c160"/>
    ${text(596, H - 72, '发送', { size: 16, fill: '#fff', anchor: 'middle' })}
    <rect x="${W / 2 - 70}" y="${H - 18}" width="140" height="5" rx="2.5" fill="#111"/>`);
  return sharp(Buffer.from(doc)).flatten({ background: '#ededed' }).png({ compressionLevel: 9, palette: true, colours: 128, dither: 0 }).toBuffer();
}

// ---------------------------------------------------------------------------------------------
// 4. VAT invoice (增值税普通发票), scanned

async function vatInvoice(): Promise<Buffer> {
  const W = 1400, H = 900;
  const ink = '#8a4b2c'; // the form's brown print
  const ptr = '#1b1b28'; // the printer's black
  const s = 19;
  const L = (x: number, y: number, t: string, st: Partial<TextStyle> = {}) => text(x, y, t, { size: s, fill: ink, ...st });
  const P = (x: number, y: number, t: string, st: Partial<TextStyle> = {}) => text(x, y, t, { size: s, font: MONO, fill: ptr, ...st });
  const rand = prng(404);
  const cipherChars = '0123456789+-*/<>';
  const cipher = Array.from({ length: 4 }, () => Array.from({ length: 27 }, () => cipherChars[Math.floor(rand() * cipherChars.length)]).join(''));
  const tx = 60, tw = W - 120, t0 = 250; // table box
  const rowsY = [t0, t0 + 150, t0 + 390, t0 + 440, t0 + 590];
  const hline = (y: number, x1 = tx, x2 = tx + tw) => `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}"/>`;
  const vline = (x: number, y1: number, y2: number) => `<line x1="${x}" y1="${y1}" x2="${x}" y2="${y2}"/>`;
  const cols = [tx + 44, tx + 380, tx + 520, tx + 590, tx + 680, tx + 850, tx + 1030, tx + 1110];
  const seal = (cx: number, cy: number) => {
    const name = '广州云帆信息技术有限公司';
    const chars = [...name];
    const arc = chars.map((c, i) => {
      const a = (-150 + (120 * i) / (chars.length - 1)) * (Math.PI / 180);
      const x = cx + 110 * Math.cos(a), y = cy + 70 * Math.sin(a);
      const deg = (a * 180) / Math.PI + 90;
      return `<text x="0" y="0" font-family="${SANS}" font-size="22" fill="#d42a2a" text-anchor="middle" transform="translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(${deg.toFixed(1)}) translate(0 8)">${c}</text>`;
    }).join('');
    return `<g opacity="0.72"><ellipse cx="${cx}" cy="${cy}" rx="140" ry="94" fill="none" stroke="#d42a2a" stroke-width="5"/>${arc}
      ${text(cx, cy + 14, '91440101MA59XY7R2L', { size: 18, font: MONO, fill: '#d42a2a', anchor: 'middle' })}
      ${text(cx, cy + 58, '发票专用章', { size: 26, fill: '#d42a2a', anchor: 'middle', weight: 'bold' })}</g>`;
  };
  const doc = svg(W, H, `
    ${noiseFilter('paper', '0.6', 2, 41, [0.95, 0.94, 0.91], [0.05, 0.05, 0.05])}
    <rect width="100%" height="100%" filter="url(#paper)"/>
    ${fakeQr(70, 40, 130, 405)}
    ${text(W / 2, 88, '广东增值税普通发票', { size: 44, font: SERIF, weight: 'bold', fill: ink, anchor: 'middle', spacing: 6 })}
    <line x1="${W / 2 - 230}" y1="104" x2="${W / 2 + 230}" y2="104" stroke="${ink}" stroke-width="2"/><line x1="${W / 2 - 230}" y1="110" x2="${W / 2 + 230}" y2="110" stroke="${ink}" stroke-width="2"/>
    <ellipse cx="${W / 2}" cy="160" rx="66" ry="40" fill="none" stroke="#d8564a" stroke-width="3" opacity="0.8"/>
    ${text(W / 2, 168, '国家税务总局', { size: 15, fill: '#d8564a', anchor: 'middle', opacity: 0.8 })}
    ${L(W / 2 - 34, 232, '发票联', { size: 22, spacing: 4 })}
    ${L(230, 215, '机器编号:')}${P(330, 215, '499099765432')}
    ${L(980, 70, '发票代码:')}${P(1080, 70, '044031900111')}
    ${L(980, 110, '发票号码:')}${P(1080, 110, '28476153')}
    ${L(980, 150, '开票日期:')}${P(1080, 150, '2024年03月18日')}
    ${L(980, 190, '校 验 码:')}${P(1080, 190, '61523 08754 31209 47718', { size: 17 })}
    <g stroke="${ink}" stroke-width="2" fill="none">
      <rect x="${tx}" y="${t0}" width="${tw}" height="${rowsY[4] - t0}"/>
      ${hline(rowsY[1])}${hline(rowsY[2])}${hline(rowsY[3])}
      ${vline(cols[0], t0, rowsY[1])}${vline(cols[0], rowsY[3], rowsY[4])}
      ${vline(tx + 800, t0, rowsY[1])}${vline(tx + 840, t0, rowsY[1])}
      ${vline(tx + 800, rowsY[3], rowsY[4])}${vline(tx + 840, rowsY[3], rowsY[4])}
      ${cols.slice(1).map((x) => vline(x, rowsY[1], rowsY[2] - 50)).join('')}
      ${hline(rowsY[2] - 50, tx, tx + tw)}
      ${vline(tx + 300, rowsY[2], rowsY[3])}
    </g>
    ${['购', '买', '方'].map((c, i) => L(tx + 12, t0 + 48 + i * 36, c)).join('')}
    ${['密', '码', '区'].map((c, i) => L(tx + 810, t0 + 48 + i * 36, c)).join('')}
    ${L(cols[0] + 14, t0 + 32, '名        称:')}${P(cols[0] + 150, t0 + 32, '深圳市星河数码科技有限公司', { font: SANS })}
    ${L(cols[0] + 14, t0 + 66, '纳税人识别号:')}${P(cols[0] + 150, t0 + 66, '91440300MA5G2K8Q3X')}
    ${L(cols[0] + 14, t0 + 100, '地 址、电 话:')}${P(cols[0] + 150, t0 + 100, '深圳市南山区高新南一道8号 0755-86001234', { font: SANS, size: 17 })}
    ${L(cols[0] + 14, t0 + 134, '开户行及账号:')}${P(cols[0] + 150, t0 + 134, '招商银行深圳科技园支行 755912345610801', { font: SANS, size: 17 })}
    ${cipher.map((c, i) => P(tx + 860, t0 + 34 + i * 32, c, { size: 18 })).join('')}
    ${L(tx + 20, rowsY[1] + 30, '货物或应税劳务、服务名称')}${L(cols[1] + 18, rowsY[1] + 30, '规格型号')}${L(cols[2] + 16, rowsY[1] + 30, '单位')}
    ${L(cols[3] + 24, rowsY[1] + 30, '数量')}${L(cols[4] + 60, rowsY[1] + 30, '单价')}${L(cols[5] + 70, rowsY[1] + 30, '金额')}
    ${L(cols[6] + 20, rowsY[1] + 30, '税率')}${L(cols[7] + 70, rowsY[1] + 30, '税额')}
    ${P(tx + 14, rowsY[1] + 72, '*信息技术服务*软件维护服务', { font: SANS })}${P(cols[2] + 26, rowsY[1] + 72, '项', { font: SANS })}
    ${P(cols[4] - 14, rowsY[1] + 72, '1', { anchor: 'end' })}${P(cols[5] - 14, rowsY[1] + 72, '9433.96', { anchor: 'end' })}
    ${P(cols[6] - 14, rowsY[1] + 72, '9433.96', { anchor: 'end' })}${P(cols[7] - 14, rowsY[1] + 72, '6%', { anchor: 'end' })}
    ${P(tx + tw - 14, rowsY[1] + 72, '566.04', { anchor: 'end' })}
    ${L(tx + 120, rowsY[2] - 16, '合        计')}${P(cols[6] - 14, rowsY[2] - 16, '¥9433.96', { anchor: 'end' })}${P(tx + tw - 14, rowsY[2] - 16, '¥566.04', { anchor: 'end' })}
    ${L(tx + 60, rowsY[2] + 33, '价税合计(大写)')}
    ${P(tx + 330, rowsY[2] + 33, '⊗壹万圆整', { font: SANS, size: 20 })}
    ${L(tx + 820, rowsY[2] + 33, '(小写)')}${P(tx + 900, rowsY[2] + 33, '¥10000.00', { size: 20 })}
    ${['销', '售', '方'].map((c, i) => L(tx + 12, rowsY[3] + 48 + i * 36, c)).join('')}
    ${['备', '注'].map((c, i) => L(tx + 810, rowsY[3] + 60 + i * 40, c)).join('')}
    ${L(cols[0] + 14, rowsY[3] + 32, '名        称:')}${P(cols[0] + 150, rowsY[3] + 32, '广州云帆信息技术有限公司', { font: SANS })}
    ${L(cols[0] + 14, rowsY[3] + 66, '纳税人识别号:')}${P(cols[0] + 150, rowsY[3] + 66, '91440101MA59XY7R2L')}
    ${L(cols[0] + 14, rowsY[3] + 100, '地 址、电 话:')}${P(cols[0] + 150, rowsY[3] + 100, '广州市天河区天河路385号 020-38886666', { font: SANS, size: 17 })}
    ${L(cols[0] + 14, rowsY[3] + 134, '开户行及账号:')}${P(cols[0] + 150, rowsY[3] + 134, '工商银行广州天河支行 3602000109001234567', { font: SANS, size: 17 })}
    ${P(tx + 856, rowsY[3] + 34, '合同号: HT-2024-0318', { font: SANS, size: 17 })}
    ${L(tx + 40, rowsY[4] + 36, '收款人:')}${P(tx + 120, rowsY[4] + 36, '王芳', { font: SANS })}
    ${L(tx + 330, rowsY[4] + 36, '复核:')}${P(tx + 390, rowsY[4] + 36, '李强', { font: SANS })}
    ${L(tx + 600, rowsY[4] + 36, '开票人:')}${P(tx + 680, rowsY[4] + 36, '陈静', { font: SANS })}
    ${L(tx + 900, rowsY[4] + 36, '销售方:(章)')}
    ${seal(tx + 1150, rowsY[4] - 46)}`);
  const form = await rasterize(doc);
  const PW = 1440, PH = 940;
  const bed = await rasterize(svg(PW, PH, `<rect width="100%" height="100%" fill="#f4f4f2"/>${shadow(placed(PW / 2, PH / 2, W, H, 0.6), 3, 3, 4, 0.25)}`));
  warpOnto(bed, form, placed(PW / 2, PH / 2, W, H, 0.6));
  return jpeg(finish(bed, { seed: 303, noise: 2.5, light: [1, 0, 0.03], blur: 0.45 }), 82);
}

// ---------------------------------------------------------------------------------------------
// 5. High-speed train ticket on a dark desk

async function trainTicket(): Promise<Buffer> {
  const W = 860, H = 540;
  const c = '#1f2430';
  const T = (x: number, y: number, t: string, st: Partial<TextStyle> = {}) => text(x, y, t, { size: 22, fill: c, ...st });
  const doc = svg(W, H, `
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#cfe3f1"/><stop offset="1" stop-color="#b9d4ea"/></linearGradient>
    ${noiseFilter('grain', '0.5', 2, 51, [0, 0, 0], [0, 0, 0], 0)}
    <rect width="100%" height="100%" rx="18" fill="url(#bg)"/>
    <g stroke="#a9c6de" stroke-width="2" fill="none" opacity="0.8">${Array.from({ length: 14 }, (_, i) => `<path d="M0 ${40 + i * 36} q215 -24 430 0 t430 0"/>`).join('')}</g>
    ${text(W / 2, 300, 'CR', { size: 220, weight: 'bold', fill: '#a9c6de', anchor: 'middle', opacity: 0.5 })}
    ${T(40, 52, 'E012345', { size: 26, fill: '#c8312b', font: MONO })}
    ${T(W - 40, 52, '北京南售', { anchor: 'end' })}
    ${T(60, 130, '北京南', { size: 40, weight: 'bold', spacing: 4 })}${T(232, 130, '站', { size: 26 })}
    ${T(W / 2, 118, 'G123', { size: 36, weight: 'bold', anchor: 'middle', font: MONO })}
    <path d="M${W / 2 - 70} 134 h140 l-12 -8" stroke="${c}" stroke-width="3" fill="none"/>
    ${T(W - 110, 130, '上海虹桥', { size: 40, weight: 'bold', spacing: 4, anchor: 'end' })}${T(W - 60, 130, '站', { size: 26, anchor: 'end' })}
    ${T(60, 166, 'Beijingnan', { size: 20 })}${T(W - 60, 166, 'Shanghaihongqiao', { size: 20, anchor: 'end' })}
    ${T(60, 218, '2024年04月05日 08:00开', { size: 26 })}${T(W - 60, 218, '05车12F号', { size: 26, anchor: 'end' })}
    ${T(60, 266, '¥553.0元', { size: 26 })}${T(W - 60, 266, '二等座', { size: 26, anchor: 'end' })}
    ${T(60, 306, '网', { size: 20 })}${T(W - 60, 306, '限乘当日当次车', { size: 20, anchor: 'end' })}
    ${T(60, 352, '3201011990****1234 张三', { size: 22, font: MONO })}
    <rect x="60" y="374" width="520" height="64" fill="none" stroke="${c}" stroke-width="1.5" stroke-dasharray="5 4"/>
    ${T(320, 402, '买票请到12306 发货请到95306', { size: 19, anchor: 'middle' })}
    ${T(320, 428, '中国铁路祝您旅途愉快', { size: 19, anchor: 'middle' })}
    ${fakeQr(W - 190, 330, 130, 505)}
    ${T(40, H - 36, '21021300150405E012345 北京南售', { size: 17, font: MONO })}
    <rect width="100%" height="100%" rx="18" filter="url(#grain)"/>`);
  const ticket = await rasterize(doc);
  const PW = 1280, PH = 960;
  const quad = tilt(placed(PW / 2 - 10, PH / 2 + 10, W * 1.2, H * 1.2, 5.5), { left: 0.95, top: 0.97 });
  const desk = await rasterize(svg(PW, PH, `
    ${noiseFilter('desk', '0.9 0.02', 2, 61, [0.17, 0.17, 0.19], [0.12, 0.12, 0.12])}
    <rect width="100%" height="100%" filter="url(#desk)"/>
    <rect x="900" y="-40" width="460" height="280" rx="30" fill="#0e0f12" transform="rotate(-12 1100 100)"/>
    <rect x="918" y="-22" width="424" height="244" rx="20" fill="#20242b" transform="rotate(-12 1100 100)"/>
    ${shadow(quad, 10, 14, 10, 0.6)}`));
  warpOnto(desk, ticket, quad);
  return jpeg(finish(desk, { seed: 505, noise: 4, vignette: 0.5, light: [-0.7, -0.5, 0.14], tint: [1.0, 0.99, 0.96], blur: 0.6 }), 80);
}

// ---------------------------------------------------------------------------------------------
// 6. Café menu on a chalkboard

async function menuBoard(): Promise<Buffer> {
  const W = 1200, H = 900;
  const chalk = (x: number, y: number, t: string, st: Partial<TextStyle> = {}) =>
    text(x, y, t, { size: 34, fill: '#f4f1e8', extra: 'filter="url(#chalk)"', ...st });
  const item = (y: number, zh: string, en: string, price: string, x0 = 90, x1 = 560) =>
    chalk(x0, y, zh, { size: 34 }) + chalk(x0, y + 34, en, { size: 22, fill: '#d9d4c7' }) + chalk(x1, y + 6, price, { size: 38, anchor: 'end', fill: '#ffe58a' });
  const doc = svg(W, H, `
    <filter id="chalk" x="-5%" y="-20%" width="110%" height="140%">
      <feTurbulence type="fractalNoise" baseFrequency="0.75" numOctaves="2" seed="71" result="n"/>
      <feColorMatrix in="n" type="matrix" values="0 0 0 0 0  0 0 0 0 0  0 0 0 0 0  2.2 0 0 0 -0.35" result="m"/>
      <feComposite in="SourceGraphic" in2="m" operator="in"/>
    </filter>
    ${noiseFilter('board', '0.012', 4, 72, [0.11, 0.15, 0.13], [0.1, 0.1, 0.1])}
    ${noiseFilter('wood', '0.004 0.05', 3, 73, [0.4, 0.25, 0.13], [0.25, 0.15, 0.08])}
    <rect width="100%" height="100%" filter="url(#wood)"/>
    <rect x="34" y="34" width="${W - 68}" height="${H - 68}" filter="url(#board)"/>
    <rect x="34" y="34" width="${W - 68}" height="${H - 68}" fill="#fff" opacity="0.04"/>
    ${chalk(W / 2, 118, '山 茶 咖 啡', { size: 64, anchor: 'middle', weight: 'bold', spacing: 8 })}
    ${chalk(W / 2, 162, 'CAMELLIA COFFEE · MENU', { size: 26, anchor: 'middle', fill: '#d9d4c7', spacing: 4 })}
    <path d="M90 190 h1020" stroke="#e8e4d8" stroke-width="2" opacity="0.6" filter="url(#chalk)"/>
    ${chalk(90, 246, '咖啡 COFFEE', { size: 36, fill: '#f7b7a3', weight: 'bold' })}
    ${item(306, '美式咖啡', 'Americano', '22')}
    ${item(400, '拿铁', 'Caffe Latte', '28')}
    ${item(494, '燕麦拿铁', 'Oat Milk Latte', '32')}
    ${item(588, '手冲单品', 'Pour Over', '38')}
    <path d="M620 220 v560" stroke="#e8e4d8" stroke-width="2" opacity="0.5" filter="url(#chalk)"/>
    ${chalk(660, 246, '甜点 DESSERT', { size: 36, fill: '#f7b7a3', weight: 'bold' })}
    ${item(306, '抹茶蛋糕', 'Matcha Cake', '32', 660, 1110)}
    ${item(400, '提拉米苏', 'Tiramisu', '35', 660, 1110)}
    ${item(494, '黄油可颂', 'Butter Croissant', '18', 660, 1110)}
    <rect x="650" y="590" width="470" height="150" rx="10" fill="none" stroke="#ffe58a" stroke-width="3" stroke-dasharray="14 8" filter="url(#chalk)"/>
    ${chalk(885, 648, '今日特价 第二杯半价', { size: 34, anchor: 'middle', fill: '#ffe58a' })}
    ${chalk(885, 700, "Today's special: 2nd cup half price", { size: 22, anchor: 'middle' })}
    ${chalk(90, 700, '营业时间 08:00-21:00', { size: 30 })}
    ${chalk(90, 744, 'Open daily 8am - 9pm', { size: 22, fill: '#d9d4c7' })}
    ${chalk(W / 2, 830, '扫码点单 · Wi-Fi: camellia2024', { size: 26, anchor: 'middle', fill: '#d9d4c7' })}`);
  const board = await rasterize(doc);
  const PW = 1280, PH = 960;
  const quad: Pt[] = [[52, 40], [1236, 74], [1222, 900], [40, 928]];
  const wall = await rasterize(svg(PW, PH, `
    ${noiseFilter('wall', '0.02', 3, 74, [0.78, 0.74, 0.68], [0.12, 0.12, 0.12])}
    <rect width="100%" height="100%" filter="url(#wall)"/>${shadow(quad, 8, 12, 12, 0.45)}`));
  warpOnto(wall, board, quad);
  return jpeg(finish(wall, { seed: 606, noise: 4, vignette: 0.5, light: [0.6, -0.8, 0.12], tint: [1.04, 1.0, 0.92], blur: 0.6 }), 80);
}

// ---------------------------------------------------------------------------------------------
// 7. English book page (Alice's Adventures in Wonderland, public domain)

async function bookPage(): Promise<Buffer> {
  const W = 760, H = 1060, size = 25, lh = 39, margin = 70;
  const paragraphs = [
    'Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do: once or twice she had peeped into the book her sister was reading, but it had no pictures or conversations in it, "and what is the use of a book," thought Alice "without pictures or conversations?"',
    'So she was considering in her own mind (as well as she could, for the hot day made her feel very sleepy and stupid), whether the pleasure of making a daisy-chain would be worth the trouble of getting up and picking the daisies, when suddenly a White Rabbit with pink eyes ran close by her.',
    'There was nothing so very remarkable in that; nor did Alice think it so very much out of the way to hear the Rabbit say to itself, "Oh dear! Oh dear! I shall be late!"',
  ];
  const body: string[] = [];
  let y = 250;
  for (const p of paragraphs) {
    const lines = await wrap(p, W - 2 * margin - 30, size, SERIF);
    lines.forEach((l, i) => {
      body.push(text(margin + (i === 0 ? 30 : 0), y, l, { size, font: SERIF, fill: '#1d1a16' }));
      y += lh;
    });
    if (y > H - 90) break;
  }
  const doc = svg(W, H, `
    ${noiseFilter('paper', '0.04', 3, 81, [0.9, 0.86, 0.77], [0.08, 0.08, 0.07])}
    <linearGradient id="gutter" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#000" stop-opacity="0.28"/><stop offset="0.08" stop-color="#000" stop-opacity="0.06"/><stop offset="0.2" stop-color="#000" stop-opacity="0"/></linearGradient>
    <rect width="100%" height="100%" filter="url(#paper)"/>
    ${text(W / 2, 70, "ALICE'S ADVENTURES IN WONDERLAND", { size: 18, font: SERIF, anchor: 'middle', fill: '#3a342c', spacing: 3 })}
    ${text(W / 2, 150, 'CHAPTER I.', { size: 34, font: SERIF, anchor: 'middle', fill: '#1d1a16', spacing: 2 })}
    ${text(W / 2, 196, 'Down the Rabbit-Hole', { size: 30, font: SERIF, anchor: 'middle', fill: '#1d1a16' })}
    ${body.join('\n')}
    ${text(W / 2, H - 40, '1', { size: 20, font: SERIF, anchor: 'middle', fill: '#3a342c' })}
    <rect width="100%" height="100%" fill="url(#gutter)"/>`);
  const page = await rasterize(doc);
  const PW = 960, PH = 1280;
  const quad = tilt(placed(PW / 2 + 20, PH / 2, W * 1.08, H * 1.08, 1.5), { top: 0.94, left: 0.98 });
  const table = await rasterize(svg(PW, PH, `
    ${noiseFilter('cloth', '0.3 0.3', 2, 82, [0.45, 0.5, 0.55], [0.15, 0.15, 0.15])}
    <rect width="100%" height="100%" filter="url(#cloth)"/>
    <rect x="0" y="0" width="70" height="${PH}" fill="#e9e2d2"/>
    ${shadow(quad, 10, 12, 12, 0.45)}`));
  warpOnto(table, page, quad, (x, y) => [x, y + 8 * Math.sin(((x - 40) / 900) * Math.PI)]);
  return jpeg(finish(table, { seed: 707, noise: 3.5, vignette: 0.4, light: [0.5, -0.8, 0.1], tint: [1.03, 1.0, 0.93], blur: 0.6 }), 80);
}

// ---------------------------------------------------------------------------------------------
// 8. Parking fee notice on a pillar in an underground garage (dim, warm light)

async function parkingNotice(): Promise<Buffer> {
  const W = 600, H = 860;
  const blue = '#1d4f91';
  const row = (y: number, l: string, r: string) =>
    text(50, y, l, { size: 26, fill: '#1a1a1a' }) + text(W - 50, y, r, { size: 26, fill: '#c0261f', anchor: 'end', weight: 'bold' });
  const doc = svg(W, H, `
    ${noiseFilter('board', '0.05', 2, 91, [0.9, 0.9, 0.88], [0.08, 0.08, 0.08])}
    <rect width="100%" height="100%" filter="url(#board)"/>
    <rect x="0" y="0" width="${W}" height="150" fill="${blue}"/>
    <rect x="36" y="30" width="88" height="88" rx="10" fill="#fff"/>
    ${text(80, 102, 'P', { size: 84, weight: 'bold', fill: blue, anchor: 'middle' })}
    ${text(360, 84, '停车场收费标准', { size: 44, weight: 'bold', fill: '#fff', anchor: 'middle', spacing: 2 })}
    ${text(360, 126, 'PARKING FEES', { size: 24, fill: '#dfe8f5', anchor: 'middle', spacing: 6 })}
    ${text(50, 208, '小型车 Small vehicles', { size: 24, fill: '#555' })}
    ${row(262, '首小时', '10元')}
    ${row(318, '超过1小时 每小时', '5元')}
    ${row(374, '24小时内最高收费', '60元')}
    ${row(430, '夜间 22:00-07:00', '2元/小时')}
    ${row(486, '月卡 Monthly pass', '400元/月')}
    <rect x="40" y="520" width="${W - 80}" height="2" fill="#bbb"/>
    <rect x="40" y="548" width="${W - 80}" height="96" rx="6" fill="#fde7e5" stroke="#c0261f" stroke-width="2"/>
    ${text(W / 2, 588, '消防通道 严禁停车', { size: 30, weight: 'bold', fill: '#c0261f', anchor: 'middle' })}
    ${text(W / 2, 625, 'No parking in fire lanes', { size: 22, fill: '#c0261f', anchor: 'middle' })}
    ${text(50, 700, '监督电话: 0755-2331 9090', { size: 24, fill: '#1a1a1a' })}
    ${text(50, 742, '深圳市鹏安物业管理有限公司', { size: 24, fill: '#1a1a1a' })}
    ${text(50, 784, '2024年1月1日', { size: 22, fill: '#555' })}
    <rect x="0" y="${H - 24}" width="${W}" height="24" fill="${blue}"/>`);
  const notice = await rasterize(doc);
  const PW = 960, PH = 1280;
  const quad = tilt(placed(PW / 2 - 10, PH / 2 - 60, W * 1.05, H * 1.05, -1.2), { left: 0.95 });
  const stripes = Array.from({ length: 14 }, (_, i) => `<polygon points="${i * 90 - 200},1280 ${i * 90 - 155},1280 ${i * 90 - 55},1130 ${i * 90 - 100},1130" fill="#151515"/>`).join('');
  const garage = await rasterize(svg(PW, PH, `
    ${noiseFilter('concrete', '0.02', 4, 92, [0.48, 0.47, 0.45], [0.22, 0.22, 0.22])}
    ${noiseFilter('pores', '0.35', 2, 93, [0, 0, 0], [0, 0, 0], 0)}
    <rect width="100%" height="100%" filter="url(#concrete)"/>
    <linearGradient id="edge" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#000" stop-opacity="0.55"/><stop offset="0.12" stop-color="#000" stop-opacity="0"/><stop offset="0.88" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.6"/></linearGradient>
    <rect x="0" y="1130" width="${PW}" height="150" fill="#e8b90f"/>${stripes}
    <rect width="100%" height="100%" fill="url(#edge)"/>
    ${shadow(quad, 6, 8, 6, 0.5)}`));
  warpOnto(garage, notice, quad);
  return jpeg(finish(garage, { seed: 808, noise: 6, vignette: 0.8, light: [0.3, -1, 0.18], tint: [0.86, 0.8, 0.66], blur: 0.8 }), 80);
}

// ---------------------------------------------------------------------------------------------

export const SAMPLES: [string, () => Promise<Buffer>][] = [
  ['receipt-supermarket.jpg', receipt],
  ['shop-sign-exit.jpg', shopSign],
  ['chat-screenshot.png', chatScreenshot],
  ['vat-invoice-scan.jpg', vatInvoice],
  ['train-ticket.jpg', trainTicket],
  ['cafe-menu-board.jpg', menuBoard],
  ['book-page-alice.jpg', bookPage],
  ['parking-notice.jpg', parkingNotice],
];

async function main() {
  const out = resolve(process.argv[2] ?? join(__dirname, '..', '..', '..', 'samples'));
  const only = process.argv.slice(3);
  mkdirSync(out, { recursive: true });
  let total = 0;
  for (const [name, make] of SAMPLES) {
    if (only.length && !only.some((o) => name.includes(o))) continue;
    const bytes = await make();
    writeFileSync(join(out, name), bytes);
    total += bytes.length;
    console.log(`${name.padEnd(26)} ${(bytes.length / 1024).toFixed(0).padStart(5)} KiB`);
  }
  console.log(`${'total'.padEnd(26)} ${(total / 1024).toFixed(0).padStart(5)} KiB → ${out}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
