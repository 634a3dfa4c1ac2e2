/** The standalone host's configuration reader: its own variables over the shared ones, bad values refused naming the variable. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../server-module/ml-provider/config';
import { readStandaloneConfig } from '../../server-module/standalone/config';

describe('readStandaloneConfig', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'immich-lens-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has defaults when nothing is set', () => {
    expect(readStandaloneConfig({}).standalone).toEqual({ databaseUrl: undefined, mlUrls: [], apiKey: undefined, webDir: undefined });
    expect(readStandaloneConfig({}).inference.cacheFolder).toBe('/cache');
  });

  it('reads every standalone variable, and the shared ones', () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const config = readStandaloneConfig({
      IMMICH_LENS_THREADS: '3',
      DATABASE_URL: 'postgres://u:p@db:5432/immich',
      IMMICH_MACHINE_LEARNING_URL: 'http://ml:3003, http://ml2:3003',
      IMMICH_LENS_API_KEY: 'secret',
      IMMICH_LENS_WEB_DIR: dir,
    });
    expect(config.standalone).toEqual({ databaseUrl: 'postgres://u:p@db:5432/immich', mlUrls: ['http://ml:3003', 'http://ml2:3003'], apiKey: 'secret', webDir: dir });
    expect(config.inference.threads).toBe(3);
  });

  it.each([
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL: expected a postgres: or postgresql:\/\/ URL/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL: not a URL/],
    ['IMMICH_MACHINE_LEARNING_URL', 'ml:3003', /IMMICH_MACHINE_LEARNING_URL/],
    ['IMMICH_LENS_WEB_DIR', '/nonexistent', /IMMICH_LENS_WEB_DIR: no index.html/],
    ['IMMICH_LENS_THREADS', '0', /IMMICH_LENS_THREADS: must be a positive integer/],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    let thrown: unknown;
    try {
      readStandaloneConfig({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(name);
    expect((thrown as Error).message).toMatch(message);
  });
});
