/**
 * Writes the build context of docker/Dockerfile from an Immich checkout that scripts/apply-patches.sh
 * has patched, built and tested, so the image holds exactly those artifacts:
 *
 *   server/dist, server/package.json   the patched server build
 *   www                                 the patched web build
 *   node_modules-amd64, -arm64          the npm packages patch 0001 adds to the server (and what they
 *                                       need), for linux/<arch> with glibc, as Immich's Debian image:
 *                                       the files the local install loaded; per-platform packages of
 *                                       another platform (npm, integrity-checked against Immich's
 *                                       lock); prebuilt binaries of other platforms left out
 *   Dockerfile                          docker/Dockerfile
 *
 * Usage (through scripts/immich/docker-context.sh): docker-context IMMICH_DIR OUT
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** The top-level entries of the context, all of them (the Dockerfile test checks its COPY sources against these). */
export const CONTEXT_ENTRIES = ['Dockerfile', 'server/dist', 'server/package.json', 'www', 'node_modules-amd64', 'node_modules-arm64'];
/** Docker's TARGETARCH → Node's process.arch */
export const TARGET_ARCHES = { amd64: 'x64', arm64: 'arm64' } as const;
export type TargetArch = keyof typeof TARGET_ARCHES;

const LENS_DIR = resolve(__dirname, '../..');

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
interface LockPackage {
  resolution: { integrity: string };
  cpu?: string[];
  os?: string[];
  libc?: string[];
}
interface Lock {
  packages: Record<string, LockPackage>;
  snapshots: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> } | null>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The dependencies the patched server/package.json has and the pinned Immich's does not. */
export function addedDependencies(immichDir: string): string[] {
  const patched = readJson<PackageJson>(join(immichDir, 'server/package.json'));
  const stock = JSON.parse(execFileSync('git', ['-C', immichDir, 'show', 'HEAD:server/package.json'], { encoding: 'utf8' })) as PackageJson;
  return Object.keys(patched.dependencies ?? {}).filter((name) => !(name in (stock.dependencies ?? {})));
}

/** Where Node finds `name` from a package directory (node_modules lookup up the tree), or undefined. */
function lookup(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

/** pnpm's platform rule for one of os/cpu/libc: no list, a listed value, or only negations none of which is the value. */
function allows(list: string[] | undefined, value: string): boolean {
  if (!list || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  return list.includes(value) || list.every((v) => v.startsWith('!'));
}

function matches(entry: LockPackage, arch: TargetArch): boolean {
  return allows(entry.os, 'linux') && allows(entry.cpu, TARGET_ARCHES[arch]) && allows(entry.libc, 'glibc');
}

/** A package of the lock fetched from the npm registry, its integrity checked against the lock. */
function fetchLocked(name: string, version: string, entry: LockPackage, into: string): void {
  const tmp = mkdtempSync(join(tmpdir(), 'immich-lens-pack-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', tmp], { encoding: 'utf8' })) as Array<{ filename: string; integrity: string }>;
    if (packed.integrity !== entry.resolution.integrity) {
      throw new Error(`${name}@${version}: the registry's tarball has integrity ${packed.integrity}, Immich's lock says ${entry.resolution.integrity}`);
    }
    execFileSync('tar', ['xzf', join(tmp, packed.filename), '-C', tmp]);
    mkdirSync(dirname(into), { recursive: true });
    cpSync(join(tmp, 'package'), into, { recursive: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Prebuilt binaries of other platforms (bin/napi-v*\/<os>/<arch>, onnxruntime-node's layout) are removed. */
function pruneOtherPlatforms(packageDir: string, arch: TargetArch): string[] {
  const removed: string[] = [];
  const bin = join(packageDir, 'bin');
  if (!existsSync(bin)) return removed;
  for (const napi of readdirSync(bin).filter((d) => /^napi-v\d+$/.test(d))) {
    for (const os of readdirSync(join(bin, napi))) {
      for (const cpu of readdirSync(join(bin, napi, os))) {
        if (os === 'linux' && cpu === TARGET_ARCHES[arch]) continue;
        rmSync(join(bin, napi, os, cpu), { recursive: true });
        removed.push(`${napi}/${os}/${cpu}`);
      }
      if (readdirSync(join(bin, napi, os)).length === 0) rmSync(join(bin, napi, os), { recursive: true });
    }
  }
  return removed;
}

/**
 * The flat node_modules for one platform: each added dependency and everything it needs, copied
 * from the Immich checkout's install (pnpm's layout) where that is the target platform's package.
 */
export function platformModules(immichDir: string, lock: Lock, arch: TargetArch, out: string, log: (line: string) => void): void {
  const placed = new Map<string, string>(); // name → version
  const queue: Array<{ name: string; version?: string; from: string }> = addedDependencies(immichDir).map((name) => ({ name, from: join(immichDir, 'server') }));
  while (queue.length > 0) {
    const { name, version, from } = queue.shift()!;
    const installed = lookup(from, name);
    const manifest = installed ? readJson<PackageJson>(join(installed, 'package.json')) : undefined;
    const key = `${name}@${version ?? manifest?.version}`;
    const entry = lock.packages[key];
    if (!entry) throw new Error(`${key} is not in Immich's pnpm-lock.yaml`);
    if (!matches(entry, arch)) continue; // another platform's build
    const seen = placed.get(name);
    if (seen !== undefined) {
      if (seen !== key) throw new Error(`two versions of ${name} needed (${seen}, ${key}): a flat node_modules cannot hold both`);
      continue;
    }
    placed.set(name, key);
    const target = join(out, name);
    if (installed && manifest && (!version || manifest.version === version)) cpSync(installed, target, { recursive: true, dereference: true });
    else fetchLocked(name, version ?? manifest!.version, entry, target);
    const removed = pruneOtherPlatforms(target, arch);
    if (removed.length > 0) log(`  ${key}: left out ${removed.join(', ')}`);
    const snapshot = lock.snapshots[key] ?? {};
    for (const [dep, v] of Object.entries({ ...snapshot.dependencies, ...snapshot.optionalDependencies })) {
      queue.push({ name: dep, version: v.split('(')[0], from: installed ?? target });
    }
  }
  log(`node_modules-${arch}: ${[...placed.values()].sort().join(', ')}`);
}

function size(path: string): number {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((n, e) => n + size(join(path, e)), 0) : s.size;
}

export function writeDockerContext(immichDir: string, out: string, log: (line: string) => void = console.log): void {
  const pin = readFileSync(join(LENS_DIR, 'scripts/immich/PIN'), 'utf8').trim();
  const head = execFileSync('git', ['-C', immichDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  if (head !== pin) throw new Error(`${immichDir} is at ${head}, the image is built from ${pin} (scripts/immich/PIN)`);
  for (const built of ['server/dist/main.js', 'server/dist/immich-lens/sql/immich-lens/up.sql', 'web/build/index.html']) {
    if (!existsSync(join(immichDir, built))) throw new Error(`${built} missing: run scripts/apply-patches.sh ${immichDir} first`);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'server'), { recursive: true });
  cpSync(join(LENS_DIR, 'docker/Dockerfile'), join(out, 'Dockerfile'));
  cpSync(join(immichDir, 'server/dist'), join(out, 'server/dist'), { recursive: true });
  cpSync(join(immichDir, 'server/package.json'), join(out, 'server/package.json'));
  cpSync(join(immichDir, 'web/build'), join(out, 'www'), { recursive: true });
  const lock = parse(readFileSync(join(immichDir, 'pnpm-lock.yaml'), 'utf8')) as Lock;
  for (const arch of Object.keys(TARGET_ARCHES) as TargetArch[]) platformModules(immichDir, lock, arch, join(out, `node_modules-${arch}`), log);
  const missing = CONTEXT_ENTRIES.filter((entry) => !existsSync(join(out, entry)));
  if (missing.length > 0) throw new Error(`context incomplete: ${missing.join(', ')}`);
  for (const entry of CONTEXT_ENTRIES) log(`${entry.padEnd(22)} ${(size(join(out, entry)) / 2 ** 20).toFixed(1).padStart(7)} MB`);
}

if (require.main === module) {
  const [immichDir, out] = process.argv.slice(2);
  if (!immichDir || !out) {
    console.error('usage: scripts/immich/docker-context.sh IMMICH_DIR OUT');
    process.exit(2);
  }
  try {
    writeDockerContext(resolve(immichDir), resolve(out));
    console.log(`docker build context in ${resolve(out)}:  docker build -t immich-lens-server:v3.1.0 ${resolve(out)}`);
  } catch (error) {
    console.error(`docker-context: ${(error as Error).message}`);
    process.exit(1);
  }
}
