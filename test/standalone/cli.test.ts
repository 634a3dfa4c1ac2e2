/**
 * The README's first command on a folder of generated photos, through the built CLI in a fresh
 * working directory (embedded PGlite under ./.immich-lens/): index, search ocr: best first,
 * re-index skips unchanged files, import-ocr goes through the same indexing.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { realOcrCache } from '../ocr/real-ocr-cache';
import { renderLines, renderReceipt } from '../ocr/render';

const BIN = resolve(__dirname, '../../bin/immich-lens.js');

/** Runs the built CLI; a last object argument adds environment variables. */
async function cli(cwd: string, ...args: Array<string | Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  const extra = typeof args.at(-1) === 'object' ? (args.pop() as Record<string, string>) : {};
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...(args as string[])], {
      cwd,
      env: { ...process.env, DATABASE_URL: '', ...extra },
      maxBuffer: 1 << 24,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const results = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { path: string; score: number; lines: string[] });

describe('immich-lens index DIR && immich-lens search "ocr:WORD" (PGlite default)', () => {
  let work: string;
  let photos: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'immich-lens-cli-'));
    photos = join(work, 'photos');
    mkdirSync(join(photos, '2024', 'trip'), { recursive: true });
    const write = async (name: string, lines: string[]) => writeFileSync(join(photos, name), (await renderLines(lines)).png);
    await write('many.png', ['发票 发票 发票', '增值税发票']);
    await write('2024/trip/one.png', ['酒店发票', 'Hotel Sunrise']);
    await write('2024/none.png', ['会议通知', 'Team meeting']);
    writeFileSync(join(photos, 'notes.txt'), '发票 is not an image');
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('indexes every image recursively and finds the word, best first, with the matched lines', async () => {
    const index = await cli(work, 'index', 'photos');
    expect(index.stderr + index.stdout).not.toMatch(/Error/);
    expect(index.code).toBe(0);
    expect(index.stdout).toMatch(/3 images in photos: 3 indexed \(OCR\), 0 unchanged, 0 failed/);
    expect(index.stdout).toMatch(/pglite .*\.immich-lens/);

    const search = await cli(work, 'search', 'ocr:发票', '--json');
    expect(search.code).toBe(0);
    const found = results(search.stdout);
    expect(found.map((r) => r.path)).toEqual([join(photos, 'many.png'), join(photos, '2024/trip/one.png')]);
    expect(found[0].score).toBeGreaterThan(found[1].score);
    expect(found[1].lines.join(' ')).toContain('酒店发票');

    const text = await cli(work, 'search', 'ocr:hotel');
    expect(text.stdout).toMatch(/1\. .*one\.png/);
    expect(text.stdout).toMatch(/│ Hotel Sunrise/);
  });

  it('skips unchanged files, re-reads a changed one, reports an unreadable one (exit code 1)', async () => {
    writeFileSync(join(photos, '2024/none.png'), (await renderLines(['停车发票'])).png);
    writeFileSync(join(photos, 'broken.jpg'), 'not a jpeg');
    // a lock left by a process that died is taken over
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(work, '.immich-lens', 'pgdata', 'immich-lens.pid'), String(dead));
    const again = await cli(work, 'index', 'photos');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/4 images in photos: 1 indexed \(OCR\), 2 unchanged, 1 failed/);
    expect(again.stderr).toMatch(/broken\.jpg: /);
    const found = results((await cli(work, 'search', 'ocr:发票', '--json')).stdout);
    expect(found.map((r) => r.path)).toContain(join(photos, '2024/none.png'));
    expect(results((await cli(work, 'search', 'ocr:会议', '--json')).stdout)).toEqual([]);
  });

  it('import-ocr stores text produced elsewhere through the same indexing, idempotent per path, reporting bad lines', async () => {
    const file = join(work, 'ocr.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ path: '/upstream/a.jpg', text: '电子发票\n发票代码 0123' }),
        '{"path": broken',
        JSON.stringify({ path: '/upstream/b.jpg', text: 'no match here' }),
        JSON.stringify({ text: 'no path' }),
      ].join('\n'),
    );
    const first = await cli(work, 'import-ocr', file);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/2 OCR texts imported, 2 lines rejected/);
    expect(first.stderr).toMatch(/ocr\.jsonl:2: not JSON/);
    expect(first.stderr).toMatch(/ocr\.jsonl:4: expected/);
    writeFileSync(file, JSON.stringify({ path: '/upstream/a.jpg', text: '电子发票 发票 发票 发票 发票' }) + '\n');
    expect((await cli(work, 'import-ocr', file)).code).toBe(0);
    const found = results((await cli(work, 'search', 'ocr:发票', '--json')).stdout);
    expect(found.filter((r) => r.path === '/upstream/a.jpg')).toHaveLength(1);
    expect(found[0].path).toBe('/upstream/a.jpg');
    expect(found[0].lines).toEqual(['电子发票 发票 发票 发票 发票']);
  });

  it('a phrase across the two boxes of one receipt row matches, as in Immich (the one OCR→lines rule)', async () => {
    mkdirSync(join(work, 'receipts'));
    const file = join(work, 'receipts', 'receipt.png');
    writeFileSync(file, (await renderReceipt([['联华超市', ''], ['香蕉(斤)', '5.50'], ['合计', '100.00']])).png);
    const ocr = JSON.parse((await cli(work, 'ocr', '--json', file)).stdout) as { text: string[]; lines: string[] };
    expect(ocr.text).toEqual(expect.arrayContaining(['合计', '100.00'])); // two boxes
    expect(ocr.lines).toContain('合计 100.00'); // one row
    expect((await cli(work, 'index', 'receipts')).code).toBe(0);
    const found = results((await cli(work, 'search', 'ocr:"合计 100"', '--json')).stdout);
    expect(found.map((r) => r.path)).toEqual([file]);
    expect(found[0].lines).toEqual(['合计 100.00']);
    expect(results((await cli(work, 'search', 'ocr:"5.50 合计"', '--json')).stdout)).toEqual([]); // rows stay apart
    expect(results((await cli(work, 'search', 'ocr:"超市香蕉"', '--json')).stdout).map((r) => r.path)).toEqual([file]); // but Chinese runs on
  });

  it('a malformed query, a missing directory or model is exit code 2 with one line saying so', async () => {
    const bad = await cli(work, 'search', 'ocr:');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/search: .*ocr/i);
    const missing = await cli(work, 'index', 'no-such-dir');
    expect(missing).toMatchObject({ code: 2, stderr: 'index: not a directory: no-such-dir\n' });
    const model = await cli(work, 'search', 'cat', '--clip-model', 'no-such-model');
    expect(model).toMatchObject({ code: 2, stderr: 'search: --clip-model: not a directory: no-such-model\n' });
    const variable = await cli(work, 'search', 'ocr:发票', { IMMICH_LENS_THREADS: '0' });
    expect(variable).toMatchObject({ code: 2, stderr: 'search: IMMICH_LENS_THREADS: must be a positive integer, got "0"\n' });
    const freeText = await cli(work, 'search', '发票');
    expect(freeText.code).toBe(2);
    expect(freeText.stderr).toMatch(/^search: No CLIP model is configured .*: "发票" needs CLIP\. Search OCR text alone with ocr: terms, e\.g\. ocr:发票\n$/);
  });
});

describe('immich-lens index --ocr-model NAME|DIR (the real PP-OCRv5 mobile detector in Immich\'s cache layout)', () => {
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'immich-lens-cli-model-'));
    mkdirSync(join(work, 'photos'));
    writeFileSync(join(work, 'photos', 'receipt.png'), (await renderLines(['酒店发票', 'Hotel Sunrise'])).png);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('indexes with the model a directory or a name in the cache folder names, as the ocr command does', async () => {
    const { cache, dir } = await realOcrCache('PP-OCRv5_mobile', 'PP-OCRv5_mobile_det_fp16.onnx');
    for (const [dataDir, flags] of [
      ['by-dir', ['--ocr-model', dir]],
      ['by-name', ['--ocr-model', 'PP-OCRv5_mobile', '--cache-folder', cache]],
    ] as const) {
      const index = await cli(work, 'index', 'photos', '--data-dir', dataDir, ...flags);
      expect(index).toMatchObject({ code: 0, stderr: '' }); // no "not found; using PP-OCRv4 (embedded)" line
      expect(results((await cli(work, 'search', 'ocr:发票', '--json', '--data-dir', dataDir)).stdout).map((r) => r.path)).toEqual([join(work, 'photos', 'receipt.png')]);
    }
    const missing = await cli(work, 'index', 'photos', '--data-dir', 'by-dir', '--ocr-model', './no-such-model');
    expect(missing).toMatchObject({ code: 2, stderr: 'index: --ocr-model: not a directory: ./no-such-model\n' });
  });
});
