/**
 * docker/Dockerfile, read as Docker reads it (there is no Docker engine here): built on Immich's
 * released server image of the pinned version by digest, every COPY source is something
 * scripts/docker-context.ts writes into the build context, no build steps of its own, and the
 * entrypoint, command and healthcheck are upstream's. With IMMICH_LENS_DOCKER_CONTEXT pointing at a
 * context the script wrote (scripts/immich/docker-context.sh), the sources are checked on disk too,
 * and each platform's node_modules for binaries of other platforms.
 * IMMICH_LENS_DOCKERFILE checks another file (e.g. `git show 1f82ba6:docker/Dockerfile`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_ENTRIES, TARGET_ARCHES, TargetArch } from '../../scripts/docker-context';
import { copySteps, execForm, readDockerfile } from '../../scripts/dockerfile';

const DOCKERFILE = process.env.IMMICH_LENS_DOCKERFILE ?? join(__dirname, '../../docker/Dockerfile');
const CONTEXT = process.env.IMMICH_LENS_DOCKER_CONTEXT;
const instructions = readDockerfile(DOCKERFILE);
const one = (keyword: string) => instructions.filter((i) => i.keyword === keyword);
const ARCHES = Object.keys(TARGET_ARCHES) as TargetArch[];

/** Immich's server/Dockerfile at the pin (scripts/immich/PIN, tag v3.1.0), final stage, lines 116-121. */
const UPSTREAM = {
  tag: 'v3.1.0',
  entrypoint: ['tini', '--', '/bin/bash', '-c'],
  cmd: ['start.sh'],
  healthcheck: 'CMD immich-healthcheck',
  volume: '/data',
  expose: '2283',
};

it('builds on Immich\'s released server image of the pinned version, by digest', () => {
  expect(readFileSync(join(__dirname, '../../scripts/immich/PIN'), 'utf8').trim()).toBe('8aa95c67470a02a8ddedf03c2e52963af33065ff'); // v3.1.0
  expect(one('FROM').map((i) => i.args)).toEqual([expect.stringMatching(new RegExp(`^ghcr\\.io/immich-app/immich-server:${UPSTREAM.tag.replace(/\./g, '\\.')}@sha256:[0-9a-f]{64}$`))]);
});

it('runs nothing at build time: the image holds only what the context brings', () => {
  expect(one('RUN')).toEqual([]);
  expect(copySteps(instructions, { TARGETARCH: 'amd64' }).filter((s) => s.from !== undefined)).toEqual([]);
});

it.each(ARCHES)('every COPY source (TARGETARCH=%s) is an entry scripts/docker-context.ts writes', (arch) => {
  const steps = copySteps(instructions, { TARGETARCH: arch });
  expect(steps.length).toBeGreaterThan(0);
  for (const source of steps.flatMap((s) => s.sources)) expect({ source, inContext: CONTEXT_ENTRIES.includes(source) }).toEqual({ source, inContext: true });
});

it('lays the patched build where upstream has its own: /usr/src/app/server, node_modules beside it, /build/www', () => {
  const destinations = copySteps(instructions, { TARGETARCH: 'arm64' }).map((s) => [s.sources.join(' '), s.destination]);
  expect(destinations).toEqual([
    ['server/dist', '/usr/src/app/server/dist'],
    ['server/package.json', '/usr/src/app/server/package.json'],
    ['node_modules-arm64', '/usr/src/app/node_modules'],
    ['www', '/build/www'],
  ]);
});

it('keeps upstream\'s entrypoint, command, healthcheck, volume and port', () => {
  expect(execForm(one('ENTRYPOINT').at(-1))).toEqual(UPSTREAM.entrypoint);
  expect(execForm(one('CMD').at(-1))).toEqual(UPSTREAM.cmd);
  expect(one('HEALTHCHECK').map((i) => i.args)).toEqual([UPSTREAM.healthcheck]);
  expect(one('VOLUME').map((i) => i.args)).toEqual([UPSTREAM.volume]);
  expect(one('EXPOSE').map((i) => i.args)).toEqual([UPSTREAM.expose]);
});

(CONTEXT ? describe : describe.skip)(`the context in ${CONTEXT}`, () => {
  it.each(ARCHES)('has every COPY source (TARGETARCH=%s), the patched server and the migration', (arch) => {
    for (const source of copySteps(instructions, { TARGETARCH: arch }).flatMap((s) => s.sources)) expect(existsSync(join(CONTEXT!, source))).toBe(true);
    expect(existsSync(join(CONTEXT!, 'server/dist/main.js'))).toBe(true);
    expect(existsSync(join(CONTEXT!, 'server/dist/schema/migrations/1785000000000-ImmichLens.js'))).toBe(true);
    expect(readFileSync(join(CONTEXT!, 'Dockerfile'), 'utf8')).toBe(readFileSync(DOCKERFILE, 'utf8'));
  });

  it.each(ARCHES)('node_modules-%s holds that platform\'s binaries only', (arch) => {
    const modules = join(CONTEXT!, `node_modules-${arch}`);
    const jieba = readdirSync(join(modules, '@node-rs')).filter((d) => d.startsWith('jieba-'));
    expect(jieba).toEqual([`jieba-linux-${TARGET_ARCHES[arch]}-gnu`]);
    const ort = join(modules, 'onnxruntime-node/bin/napi-v6');
    expect(readdirSync(ort)).toEqual(['linux']);
    expect(readdirSync(join(ort, 'linux'))).toEqual([TARGET_ARCHES[arch]]);
    expect(existsSync(join(ort, 'linux', TARGET_ARCHES[arch], 'onnxruntime_binding.node'))).toBe(true);
  });
});
