/**
 * docker/docker-compose.yml + example.env against Immich's own at the pin (v3.1.0, docker/ in
 * scripts/immich/PIN's commit; the lists below are read from those two files, CI has no Immich
 * checkout): a user of Immich's compose and .env switches files and keeps everything — variable
 * names, services, container names, volumes — and no data path of example.env lands inside this
 * repository (DB_DATA_LOCATION=./postgres once meant docker/postgres, the Postgres image's folder).
 */
import { join, relative, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_MACHINE_LEARNING_CONFIG } from '../../server-module/ml-provider/types';

const ROOT = resolve(__dirname, '../..');
const DOCKER = join(ROOT, 'docker');

/** Immich's docker/example.env at the pin: its variables in order (TZ commented out). */
const IMMICH_ENV = ['UPLOAD_LOCATION', 'DB_DATA_LOCATION', 'TZ', 'IMMICH_VERSION', 'DB_PASSWORD', 'DB_USERNAME', 'DB_DATABASE_NAME'];
/** Immich's docker/docker-compose.yml at the pin: service → container name and volume targets. */
const IMMICH_SERVICES: Record<string, { container: string; targets: string[] }> = {
  'immich-server': { container: 'immich_server', targets: ['/data', '/etc/localtime'] },
  'immich-machine-learning': { container: 'immich_machine_learning', targets: ['/cache'] },
  redis: { container: 'immich_redis', targets: [] },
  database: { container: 'immich_postgres', targets: ['/var/lib/postgresql/data'] },
};

interface Service {
  container_name: string;
  image: string;
  volumes?: string[];
  env_file?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
  build?: unknown;
  ports?: string[];
}
const composeText = readFileSync(join(DOCKER, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText) as { name: string; services: Record<string, Service>; volumes: Record<string, unknown> };
const envLines = readFileSync(join(DOCKER, 'example.env'), 'utf8').split('\n');
const env = Object.fromEntries(envLines.map((l) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(l)).filter((m) => m !== null).map((m) => [m![1], m![2]]));

/** Compose's interpolation of ${VAR} and ${VAR:-default} with example.env's values. */
const interpolate = (s: string) =>
  s.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
    const value = env[name] ?? fallback;
    if (value === undefined) throw new Error(`\${${name}} has no value in example.env and no default`);
    return value;
  });

it('example.env has Immich\'s variables, by the same names, and no others', () => {
  const names = envLines.map((l) => /^(?:# )?([A-Z_][A-Z0-9_]*)=/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  expect(names).toEqual(IMMICH_ENV);
});

it('the compose file reads only Immich\'s variables, Immich ML\'s own, or immich-lens\'s (IMMICH_LENS_*)', () => {
  const used = [...new Set([...composeText.replace(/^\s*#.*$/gm, '').matchAll(/\$\{(\w+)/g)].map((m) => m[1]))];
  expect(used.filter((n) => !IMMICH_ENV.includes(n) && !n.startsWith('IMMICH_LENS_') && !n.startsWith('MACHINE_LEARNING_'))).toEqual([]);
  for (const name of IMMICH_ENV.filter((n) => n !== 'TZ')) expect(used).toContain(name);
});

it('has Immich\'s services, container names and volumes; every one runs by default (no profiles), none is built here', () => {
  expect(compose.name).toBe('immich');
  expect(Object.keys(compose.services).sort()).toEqual(Object.keys(IMMICH_SERVICES).sort());
  for (const [name, upstream] of Object.entries(IMMICH_SERVICES)) {
    const service = compose.services[name];
    expect(service.container_name).toBe(upstream.container);
    expect(service.profiles).toBeUndefined();
    expect(service.build).toBeUndefined();
    const targets = (service.volumes ?? []).map((v) => v.split(':')[1]);
    expect(targets).toEqual(expect.arrayContaining(upstream.targets));
  }
  expect(Object.keys(compose.volumes)).toEqual(['model-cache']);
  expect(compose.services['immich-server'].ports).toEqual(['2283:2283']);
  for (const name of ['immich-server', 'immich-machine-learning']) expect(compose.services[name].env_file).toEqual(['.env']);
});

it('no volume path of example.env resolves inside this repository', () => {
  for (const service of Object.values(compose.services)) {
    for (const volume of service.volumes ?? []) {
      const source = interpolate(volume.split(':')[0]);
      if (!source.includes('/') && !source.startsWith('.')) {
        expect(compose.volumes).toHaveProperty(source); // a named volume
        continue;
      }
      const path = resolve(DOCKER, source); // relative paths resolve next to the compose file
      const inside = !relative(ROOT, path).startsWith('..');
      expect({ volume, path, inside }).toEqual({ volume, path, inside: false });
    }
  }
});

it('the server shares the ML container\'s model cache and falls back to it; the ML container fetches Immich\'s default CLIP model', () => {
  const server = compose.services['immich-server'];
  const ml = compose.services['immich-machine-learning'];
  expect(server.volumes).toContain('model-cache:/cache');
  expect(ml.volumes).toContain('model-cache:/cache');
  expect(interpolate(server.environment!.IMMICH_LENS_REMOTE_FALLBACK)).toBe('true');
  const model = DEFAULT_MACHINE_LEARNING_CONFIG.clip.modelName;
  expect(interpolate(ml.environment!.MACHINE_LEARNING_PRELOAD__CLIP__TEXTUAL)).toBe(model);
  expect(interpolate(ml.environment!.MACHINE_LEARNING_PRELOAD__CLIP__VISUAL)).toBe(model);
});

it('IMMICH_VERSION picks the ML image as in Immich\'s file and is the patched server\'s version; the server image has a variable of its own', () => {
  expect(env.IMMICH_VERSION).toBe('v3.1.0');
  expect(compose.services['immich-machine-learning'].image).toBe('ghcr.io/immich-app/immich-machine-learning:${IMMICH_VERSION:-v3.1.0}');
  expect(interpolate(compose.services['immich-server'].image)).toBe('immich-lens-server:v3.1.0');
  expect(compose.services['immich-server'].image).toMatch(/^\$\{IMMICH_LENS_SERVER_IMAGE:-/);
});
