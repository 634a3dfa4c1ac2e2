import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readingLines } from '../../server-module/ocr-text/reading-lines';
import { realOcrCache } from './real-ocr-cache';
import { cer, renderLines } from './render';

const run = promisify(execFile);
const bin = join(__dirname, '..', '..', 'bin', 'immich-lens.js');

/** Runs the built CLI (`npm test` builds first) and returns stdout lines and the exit code. */
async function cli(args: Array<string | Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = typeof args.at(-1) === 'object' ? (args.pop() as Record<string, string>) : {};
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...(args as string[])], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('immich-lens ocr (CLI)', () => {
  let dir: string;
  let good: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ocr-cli-'));
    good = join(dir, 'receipt.png');
    await writeFile(good, (await renderLines(['超市收据', 'TOTAL 88.00'], { size: 44 })).png);
  });

  it('--json prints one object per file in Immich\'s OCR shape; an unreadable file gets an error object and exit code 1', async () => {
    const broken = join(dir, 'broken.jpg');
    await writeFile(broken, 'not a jpeg');
    const { code, stdout } = await cli(['ocr', '--json', broken, good]);
    expect(code).toBe(1);
    const [first, second, ...rest] = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rest).toEqual([]);
    expect(first).toEqual({ file: broken, error: expect.stringMatching(/cannot read image/) });
    expect(Object.keys(second).sort()).toEqual(['box', 'boxScore', 'file', 'height', 'lines', 'ms', 'text', 'textScore', 'width']);
    expect(second.lines).toEqual(readingLines(second));
    expect(second.file).toBe(good);
    expect(second.box).toHaveLength(second.text.length * 8);
    expect(cer('超市收据TOTAL 88.00', second.text.join(''))).toBeLessThanOrEqual(0.1);
  });

  it('exits 0 when every file was read, printing lines without --json', async () => {
    const { code, stdout } = await cli(['ocr', good]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^== .*receipt\.png/);
    expect(stdout).toContain('超市');
  });

  it('exits 2 naming the file when --ocr-model (or its old spelling --model) points at a directory without models', async () => {
    for (const flag of ['--ocr-model', '--model']) {
      const { code, stderr, stdout } = await cli(['ocr', '--json', flag, dir, good]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(join(dir, 'detection', 'model.onnx'));
    }
  });

  it('--ocr-model DIR and --ocr-model NAME --cache-folder DIR read with the same real model (PP-OCRv6 tiny detector), not the embedded one', async () => {
    const { cache, dir: modelDir } = await realOcrCache('PP-OCRv6_tiny', 'PP-OCRv6_det_tiny.onnx');
    const read = async (flags: string[], env: Record<string, string> = {}) => {
      const { code, stdout, stderr } = await cli(['ocr', '--json', ...flags, good, env]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const { ms, ...result } = JSON.parse(stdout);
      return result as { text: string[]; boxScore: number[] };
    };
    const byDir = await read(['--ocr-model', modelDir]);
    expect(await read(['--ocr-model', 'PP-OCRv6_tiny', '--cache-folder', cache])).toEqual(byDir);
    expect(await read(['--ocr-model', 'PP-OCRv6_tiny'], { MACHINE_LEARNING_CACHE_FOLDER: cache })).toEqual(byDir);
    expect(cer('超市收据TOTAL 88.00', byDir.text.join(''))).toBeLessThanOrEqual(0.1);
    expect((await read([])).boxScore).not.toEqual(byDir.boxScore); // the embedded PP-OCRv4 detector scores its boxes otherwise
  });

  it('--ocr-model NAME missing from the cache falls back to the embedded PP-OCRv4, saying so', async () => {
    const { code, stderr } = await cli(['ocr', '--ocr-model', 'PP-OCRv5_server', '--cache-folder', dir, good]);
    expect(code).toBe(0);
    expect(stderr).toBe(`OCR model 'PP-OCRv5_server' not found in ${join(dir, 'ocr', 'PP-OCRv5_server')}; using PP-OCRv4 (embedded)\n`);
  });

  it('answers a malformed option value with a one-line usage error and exit code 2, not a stack trace', async () => {
    const { code, stderr, stdout } = await cli(['ocr', '--threads', 'zero', good]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`error: option '--threads <n>' argument 'zero' is invalid. expected a positive integer, got "zero"`);
  });
});
