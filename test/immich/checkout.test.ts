/**
 * scripts/immich/checkout.sh makes CI's Immich checkout from the pin's archive (../shared/immich), which
 * has no history: it proves the checkout is the pin's content by every file's mode and blob hash
 * against the pin's `git ls-tree -r`. Here on a small archive of the same shape, made by a real git
 * repository: it is accepted as it is, refused when one file differs or one undocumented file is
 * missing; apply-patches.sh's pin check then accepts the checkout, and refuses it once a file changes.
 * (CI runs the script on the real archive before it builds Immich.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const pin = readFileSync(join(root, 'scripts/immich/PIN'), 'utf8').trim();
const archiveName = `immich-v3.1.0-${pin.slice(0, 8)}`;
let work: string;

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' });
const checkout = (dir: string, source: string) => spawnSync('bash', [join(root, 'scripts/immich/checkout.sh'), dir, source], { encoding: 'utf8' });

/** An Immich-shaped tree with a listing of all of it and an archive that leaves out what the real one does. */
function makeArchive(name: string, edit?: (tree: string) => void): string {
  const dir = join(work, name);
  const tree = join(dir, 'immich');
  mkdirSync(join(tree, 'server/bin'), { recursive: true });
  mkdirSync(join(tree, 'mobile'), { recursive: true });
  mkdirSync(join(tree, 'fastlane'), { recursive: true });
  writeFileSync(join(tree, 'server/main.ts'), 'export const pinned = true;\n');
  writeFileSync(join(tree, 'server/bin/start.sh'), '#!/bin/sh\necho start\n');
  chmodSync(join(tree, 'server/bin/start.sh'), 0o755);
  writeFileSync(join(tree, '.gitignore'), 'dist/\n');
  mkdirSync(join(tree, 'dist'));
  writeFileSync(join(tree, 'dist/tracked.js'), 'force-added\n');
  writeFileSync(join(tree, 'mobile/app.dart'), 'void main() {}\n');
  symlinkSync('../mobile', join(tree, 'fastlane/metadata'));
  git(tree, 'init', '-q');
  git(tree, 'add', '-A', '--force');
  git(tree, 'commit', '-qm', 'pin');
  writeFileSync(join(dir, `${archiveName}.ls-tree`), git(tree, 'ls-tree', '-r', 'HEAD'));
  rmSync(join(tree, '.git'), { recursive: true });
  rmSync(join(tree, 'mobile'), { recursive: true }); // the real archive leaves mobile/ out
  edit?.(tree);
  execFileSync('tar', ['-cJf', `${archiveName}.tar.xz`, 'immich'], { cwd: dir });
  rmSync(tree, { recursive: true });
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lens-checkout-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('checks out the archive as one commit whose files all carry the pin\'s blob hashes', () => {
  const dir = join(work, 'ok');
  const result = checkout(dir, makeArchive('archive-ok'));
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/5 files verified/);
  expect(git(dir, 'status', '--porcelain')).toBe('');
  expect(git(dir, 'ls-tree', '-r', 'HEAD')).toContain('100755 blob');
  expect(git(dir, 'ls-tree', 'HEAD', 'fastlane/metadata')).toMatch(/^120000 blob/);
});

it('refuses an archive with one changed file, naming it', () => {
  const source = makeArchive('archive-changed', (tree) => writeFileSync(join(tree, 'server/main.ts'), 'export const pinned = false;\n'));
  const result = checkout(join(work, 'changed'), source);
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/differ from the pin's listing[\s\S]*server\/main\.ts/);
});

it('refuses an archive that lacks a file it does not document as left out', () => {
  const source = makeArchive('archive-short', (tree) => unlinkSync(join(tree, 'server/bin/start.sh')));
  const result = checkout(join(work, 'short'), source);
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/lacks files it does not document[\s\S]*server\/bin\/start\.sh/);
});

it('apply-patches.sh accepts the checkout as the pin by its content, and refuses it once a file changes', () => {
  const dir = join(work, 'pin-check');
  expect(checkout(dir, makeArchive('archive-pin')).status).toBe(0);
  const pinCheck = () => spawnSync('bash', [join(root, 'scripts/apply-patches.sh'), dir], { encoding: 'utf8', env: { ...process.env, STEPS: 'pin' } });
  const accepted = pinCheck();
  expect(accepted.status).toBe(0);
  expect(accepted.stdout).toMatch(/commit cannot be checked.*5 files has the pin's blob hash/);
  writeFileSync(join(dir, 'server/main.ts'), 'changed\n');
  git(dir, 'commit', '-qam', 'not the pin');
  const refused = pinCheck();
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toMatch(/not the pin's[\s\S]*server\/main\.ts/);
});
