/**
 * The one configuration reader: every variable's default, values that cannot be used refused with the
 * variable's name, the README's table of variables in step with the reader, and no other file under
 * server-module/ reading process.env.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, LENS_ENVIRONMENT, readLensConfig } from '../../server-module/ml-provider/config';

const root = join(__dirname, '../..');

describe('readLensConfig', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'immich-lens-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has Immich-compatible defaults when nothing is set', () => {
    expect(readLensConfig({})).toEqual({
      inference: { local: ['clip', 'ocr'], cacheFolder: '/cache', clipModelDir: undefined, remoteFallback: false, threads: undefined, idleUnloadMs: undefined },
      standalone: { databaseUrl: undefined, mlUrls: [], apiKey: undefined, webDir: undefined },
    });
  });

  it('reads every variable', () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const config = readLensConfig({
      IMMICH_LENS_LOCAL: ' OCR ',
      MACHINE_LEARNING_CACHE_FOLDER: '/models',
      IMMICH_LENS_CLIP_MODEL: dir,
      IMMICH_LENS_REMOTE_FALLBACK: 'TRUE',
      IMMICH_LENS_THREADS: '3',
      IMMICH_LENS_IDLE_UNLOAD_MS: '0',
      DATABASE_URL: 'postgres://u:p@db:5432/immich',
      IMMICH_MACHINE_LEARNING_URL: 'http://ml:3003, http://ml2:3003',
      IMMICH_LENS_API_KEY: 'secret',
      IMMICH_LENS_WEB_DIR: dir,
    });
    expect(config).toEqual({
      inference: { local: ['ocr'], cacheFolder: '/models', clipModelDir: dir, remoteFallback: true, threads: 3, idleUnloadMs: 0 },
      standalone: { databaseUrl: 'postgres://u:p@db:5432/immich', mlUrls: ['http://ml:3003', 'http://ml2:3003'], apiKey: 'secret', webDir: dir },
    });
    expect(readLensConfig({ IMMICH_LENS_LOCAL: '' }).inference.local).toEqual([]);
  });

  it.each([
    ['IMMICH_LENS_THREADS', '0', /IMMICH_LENS_THREADS: must be a positive integer, got "0"/],
    ['IMMICH_LENS_THREADS', '2.5', /IMMICH_LENS_THREADS/],
    ['IMMICH_LENS_THREADS', 'many', /IMMICH_LENS_THREADS/],
    ['IMMICH_LENS_IDLE_UNLOAD_MS', '-1', /IMMICH_LENS_IDLE_UNLOAD_MS: must be a non-negative integer/],
    ['IMMICH_LENS_LOCAL', 'clip,faces', /IMMICH_LENS_LOCAL: unknown task "faces"/],
    ['IMMICH_LENS_REMOTE_FALLBACK', 'yes', /IMMICH_LENS_REMOTE_FALLBACK: must be true or false, got "yes"/],
    ['IMMICH_LENS_CLIP_MODEL', '/nonexistent/clip', /IMMICH_LENS_CLIP_MODEL: not a directory/],
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL: expected a postgres: or postgresql:\/\/ URL/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL: not a URL/],
    ['IMMICH_MACHINE_LEARNING_URL', 'ml:3003', /IMMICH_MACHINE_LEARNING_URL/],
    ['IMMICH_LENS_WEB_DIR', '/nonexistent', /IMMICH_LENS_WEB_DIR: no index.html/],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    let thrown: unknown;
    try {
      readLensConfig({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(name);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('the documented environment', () => {
  it('lists every variable in one README table with its default, and nothing else', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const rows = section
      .split('\n')
      .filter((line) => /^\| `[A-Z_]+` \|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    const documented = rows.map((cells) => ({ name: cells[1].replace(/`/g, ''), default: cells[2] }));
    expect(documented).toEqual(LENS_ENVIRONMENT.map((v) => ({ name: v.name, default: v.default })));
  });

  it('is read in two files of server-module/: the configuration reader and the CLI entry point', () => {
    const files = execFileSync('git', ['grep', '--untracked', '-l', 'process\\.env', '--', 'server-module'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    expect(files.sort()).toEqual(['server-module/ml-provider/config.ts', 'server-module/standalone/cli/main.ts']);
  });

  it('names only variables the reader knows in server-module/ and the scripts the images run', () => {
    const known = new Set(LENS_ENVIRONMENT.map((v) => v.name));
    const used = execFileSync('git', ['grep', '--untracked', '-ohE', '\\b(IMMICH_LENS_[A-Z_]+|MACHINE_LEARNING_CACHE_FOLDER)\\b', '--', 'server-module'], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n');
    expect([...new Set(used)].filter((name) => !known.has(name))).toEqual([]);
  });
});
