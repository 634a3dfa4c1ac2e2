/**
 * The configuration readers: the shared one (ml-provider/config.ts, both hosts) and the standalone
 * host's (standalone/config.ts). Every variable's default, values that cannot be used refused with the
 * variable's name, the README's table of variables (and which host reads each) in step with the
 * readers, and no other file under server-module/ reading process.env.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, LENS_ENVIRONMENT, readInferenceConfig } from '../../server-module/ml-provider/config';
import { STANDALONE_ENVIRONMENT } from '../../server-module/standalone/config';

const root = join(__dirname, '../..');

describe('readInferenceConfig', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'immich-lens-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has Immich-compatible defaults when nothing is set', () => {
    expect(readInferenceConfig({})).toEqual({ local: ['clip', 'ocr'], cacheFolder: '/cache', clipModelDir: undefined, remoteFallback: false, threads: undefined, idleUnloadMs: undefined });
  });

  it('reads every variable', () => {
    const config = readInferenceConfig({
      IMMICH_LENS_LOCAL: ' OCR ',
      MACHINE_LEARNING_CACHE_FOLDER: '/models',
      IMMICH_LENS_CLIP_MODEL: dir,
      IMMICH_LENS_REMOTE_FALLBACK: 'TRUE',
      IMMICH_LENS_THREADS: '3',
      IMMICH_LENS_IDLE_UNLOAD_MS: '0',
    });
    expect(config).toEqual({ local: ['ocr'], cacheFolder: '/models', clipModelDir: dir, remoteFallback: true, threads: 3, idleUnloadMs: 0 });
    expect(readInferenceConfig({ IMMICH_LENS_LOCAL: '' }).local).toEqual([]);
  });

  it.each([
    ['IMMICH_LENS_THREADS', '0', /IMMICH_LENS_THREADS: must be a positive integer, got "0"/],
    ['IMMICH_LENS_THREADS', '2.5', /IMMICH_LENS_THREADS/],
    ['IMMICH_LENS_THREADS', 'many', /IMMICH_LENS_THREADS/],
    ['IMMICH_LENS_IDLE_UNLOAD_MS', '-1', /IMMICH_LENS_IDLE_UNLOAD_MS: must be a non-negative integer/],
    ['IMMICH_LENS_LOCAL', 'clip,faces', /IMMICH_LENS_LOCAL: unknown task "faces"/],
    ['IMMICH_LENS_REMOTE_FALLBACK', 'yes', /IMMICH_LENS_REMOTE_FALLBACK: must be true or false, got "yes"/],
    ['IMMICH_LENS_CLIP_MODEL', '/nonexistent/clip', /IMMICH_LENS_CLIP_MODEL: not a directory/],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    let thrown: unknown;
    try {
      readInferenceConfig({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(name);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('the documented environment', () => {
  it('lists every variable in one README table with its default and host, and nothing else', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const rows = section
      .split('\n')
      .filter((line) => /^\| `[A-Z_]+` \|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    const documented = rows.map((cells) => ({ name: cells[1].replace(/`/g, ''), default: cells[2], host: cells[3] }));
    expect(documented).toEqual([...LENS_ENVIRONMENT, ...STANDALONE_ENVIRONMENT].map((v) => ({ name: v.name, default: v.default, host: v.host })));
    expect(LENS_ENVIRONMENT.every((v) => v.host === 'both')).toBe(true);
    expect(STANDALONE_ENVIRONMENT.every((v) => v.host === 'standalone')).toBe(true);
  });

  it('is read in two files of server-module/: the shared configuration reader and the standalone host\'s', () => {
    const files = execFileSync('git', ['grep', '--untracked', '-l', 'process\\.env', '--', 'server-module'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    expect(files.sort()).toEqual(['server-module/ml-provider/config.ts', 'server-module/standalone/config.ts']);
  });

  it('names only variables the readers know in server-module/ and the scripts the images run', () => {
    const known = new Set([...LENS_ENVIRONMENT, ...STANDALONE_ENVIRONMENT].map((v) => v.name));
    const used = execFileSync('git', ['grep', '--untracked', '-ohE', '\\b(IMMICH_LENS_[A-Z_]+|MACHINE_LEARNING_CACHE_FOLDER)\\b', '--', 'server-module'], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n');
    expect([...new Set(used)].filter((name) => !known.has(name))).toEqual([]);
  });
});
