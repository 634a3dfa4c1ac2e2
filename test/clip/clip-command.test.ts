import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { readStandaloneConfig } from '../../server-module/standalone/config';
import { registerClipCommand } from '../../server-module/standalone/cli/clip-command';
import { writeImmichModel, writeRgbPng } from './fixtures';

let dir: string;
let modelDir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clip-cli-'));
  modelDir = (await writeImmichModel(path.join(dir, 'Tiny__cli'), { size: 8, dim: 4, contextLength: 8 })).dir;
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

async function cli(...args: string[]): Promise<{ lines: Record<string, unknown>[]; errors: string[]; exitCode: number }> {
  const lines: Record<string, unknown>[] = [];
  const errors: string[] = [];
  const program = new Command().exitOverride();
  registerClipCommand(program, () => readStandaloneConfig({}), { out: (l) => lines.push(JSON.parse(l)), err: (l) => errors.push(l) });
  await program.parseAsync(['clip', ...args], { from: 'user' });
  return { lines, errors, exitCode: Number(process.exitCode ?? 0) };
}

describe('immich-lens clip', () => {
  it('prints one JSON line per image with a unit-length embedding, and an error line for a bad file', async () => {
    const a = await writeRgbPng(path.join(dir, 'a.png'), 10, 10, (x, y) => [x * 25, y * 25, 100]);
    const b = path.join(dir, 'b.jpg');
    await writeFile(b, 'garbage');
    const c = await writeRgbPng(path.join(dir, 'c.png'), 16, 9, (x) => [x * 10, 0, 200]);
    const { lines, exitCode } = await cli('--model', modelDir, '--json', '--image', a, b, c);
    expect(lines.map((l) => l.file)).toEqual([a, b, c]);
    expect(lines[1].error).toContain(`cannot read image ${b}`);
    for (const line of [lines[0], lines[2]]) {
      expect(line).toMatchObject({ model: 'Tiny__cli', dim: 4 });
      const v = line.embedding as number[];
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(exitCode).toBe(1);
  });

  it('embeds a text', async () => {
    const { lines, exitCode } = await cli('--model', modelDir, '--text', 'a cat');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ text: 'a cat', dim: 4 });
    expect(Math.hypot(...(lines[0].embedding as number[]))).toBeCloseTo(1, 5);
    expect(exitCode).toBe(0);
  });

  it('explains a bad model directory and a missing --image/--text', async () => {
    const bad = await cli('--model', path.join(dir, 'nope'), '--text', 'x');
    expect(bad.lines[0].error).toContain('CLIP model directory not found');
    expect(bad.exitCode).toBe(1);
    process.exitCode = undefined;
    const neither = await cli('--model', modelDir);
    expect(neither.errors[0]).toContain('give either --image FILE... or --text');
    expect(neither.exitCode).toBe(2);
  });
});

describe('immich-lens clip (built CLI; `npm test` builds first)', () => {
  it('prints JSON embeddings for images and exits 1 when one file is unreadable', async () => {
    const bin = path.join(__dirname, '..', '..', 'bin', 'immich-lens.js');
    const img = await writeRgbPng(path.join(dir, 'bin.png'), 12, 12, (x, y) => [x * 20, y * 20, 60]);
    const broken = path.join(dir, 'bin-broken.jpg');
    await writeFile(broken, 'nope');
    const result = await promisify(execFile)(process.execPath, [bin, 'clip', '--model', modelDir, '--json', '--image', img, broken]).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(result.code).toBe(1);
    const [ok, bad] = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(ok).toMatchObject({ file: img, model: 'Tiny__cli', dim: 4 });
    expect(Math.hypot(...ok.embedding)).toBeCloseTo(1, 5);
    expect(bad).toEqual({ file: broken, error: expect.stringContaining('cannot read image') });
  });
});
