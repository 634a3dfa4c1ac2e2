/**
 * Patch 0001's pnpm lock carries every platform build Immich users run (linux x64 and arm64, glibc
 * and musl) of each native dependency the patched server imports: the arm64 image of a Raspberry Pi
 * or an ARM NAS must find its binary in the lock, or the server dies at load time. Read from the
 * patch alone (CI has no Immich checkout).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const PATCH = readFileSync(join(__dirname, '../../patches/immich/0001-server-dependencies.patch'), 'utf8');

/** The lines a patch adds to one file, grouped by the section each hunk is in (git's hunk header context). */
function addedBySection(patch: string, file: string): Record<string, string> {
  const section = patch.split(/^diff --git /m).find((part) => part.startsWith(`a/${file} `));
  if (!section) throw new Error(`the patch does not change ${file}`);
  const out: Record<string, string> = {};
  let current = '';
  for (const line of section.split('\n')) {
    const hunk = /^@@ [^@]+ @@ ?(.*)$/.exec(line);
    if (hunk) current = hunk[1].trim();
    else if (line.startsWith('+') && !line.startsWith('+++')) out[current] = (out[current] ?? '') + line.slice(1) + '\n';
  }
  return out;
}

interface LockPackage {
  cpu?: string[];
  os?: string[];
  libc?: string[];
}
interface LockSnapshot {
  optionalDependencies?: Record<string, string>;
}

const lock = addedBySection(PATCH, 'pnpm-lock.yaml');
const packages = parse(lock['packages:']) as Record<string, LockPackage>;
const snapshots = parse(lock['snapshots:']) as Record<string, LockSnapshot | null>;
const serverDependencies = (() => {
  const added = addedBySection(PATCH, 'server/package.json');
  return Object.values(added)
    .join('')
    .split('\n')
    .map((line) => /^\s*"([^"]+)": "([^"]+)",?$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}@${m[2]}`);
})();

/** The per-platform packages of a dependency (napi-rs style: optional dependencies restricted by cpu/os). */
function platformBuilds(dependency: string): LockPackage[] {
  const optional = snapshots[dependency]?.optionalDependencies ?? {};
  return Object.entries(optional)
    .map(([name, version]) => packages[`${name}@${version}`])
    .filter((p): p is LockPackage => p !== undefined && (p.cpu !== undefined || p.os !== undefined));
}

const TARGETS = [
  { cpu: 'x64', libc: 'glibc' },
  { cpu: 'x64', libc: 'musl' },
  { cpu: 'arm64', libc: 'glibc' },
  { cpu: 'arm64', libc: 'musl' },
];

it('reads the dependencies patch 0001 adds to the server', () => {
  expect(serverDependencies).toEqual(expect.arrayContaining(['@node-rs/jieba@2.0.3', 'onnxruntime-node@1.30.0']));
  for (const dependency of serverDependencies) expect(packages[dependency]).toBeDefined();
});

it('every native dependency with per-platform packages has linux x64 and arm64, glibc and musl builds in the lock', () => {
  const native = serverDependencies.filter((dependency) => platformBuilds(dependency).length > 0);
  expect(native).toContain('@node-rs/jieba@2.0.3');
  for (const dependency of native) {
    const builds = platformBuilds(dependency);
    for (const target of TARGETS) {
      const found = builds.some((b) => b.os?.includes('linux') && b.cpu?.includes(target.cpu) && b.libc?.includes(target.libc));
      expect({ dependency, ...target, found }).toEqual({ dependency, ...target, found: true });
    }
  }
});

it('onnxruntime-node carries its binaries in its own package, for linux on every CPU (the image keeps its own platform\'s: scripts/docker-context.ts)', () => {
  const ort = packages['onnxruntime-node@1.30.0'];
  expect(ort.os).toContain('linux');
  expect(ort.cpu).toBeUndefined();
  expect(platformBuilds('onnxruntime-node@1.30.0')).toEqual([]);
});
