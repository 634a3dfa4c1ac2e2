/**
 * CI has no Immich checkout, so it checks what it can of the graft: every patch under patches/immich
 * is a well-formed git diff (git apply --numstat parses it), each touches only its own concern, the
 * server patches and the SDK patches declare the job names the module maps, and the patch-package
 * patch of @immich/sdk is applied to the installed SDK. scripts/apply-patches.sh is the full check.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGENERATE_JOBS } from '../../server-module/immich';

const root = join(__dirname, '../..');
const patchDir = join(root, 'patches/immich');
const patches = readdirSync(patchDir).filter((f) => f.endsWith('.patch')).sort();

function touchedFiles(patch: string): string[] {
  const numstat = execFileSync('git', ['apply', '--numstat', join(patchDir, patch)], { cwd: root, encoding: 'utf8' });
  return numstat.trim().split('\n').map((line) => line.split('\t')[2]);
}

it('has one numbered patch per concern, all well-formed', () => {
  expect(patches.length).toBeGreaterThanOrEqual(7);
  for (const patch of patches) {
    expect(patch).toMatch(/^\d{4}-[a-z0-9-]+\.patch$/);
    expect(touchedFiles(patch).length).toBeGreaterThan(0);
  }
});

it('keeps server wiring, web and SDK changes in separate patches and never adds Immich copies of the module', () => {
  for (const patch of patches) {
    const files = touchedFiles(patch);
    if (patch.includes('-server-')) expect(files.every((f) => f.startsWith('server/') || f.startsWith('pnpm-'))).toBe(true);
    if (patch.includes('-web-')) expect(files.every((f) => f.startsWith('web/') || f.startsWith('i18n/'))).toBe(true);
    expect(files.some((f) => f.includes('immich-lens/'))).toBe(false); // copied in by apply-patches.sh, never committed
  }
});

it('declares the new asset job names in the server DTO, the OpenAPI spec, the generated SDK and the npm SDK', () => {
  const names = Object.keys(REGENERATE_JOBS);
  const text = (name: string) => readFileSync(join(patchDir, patches.find((p) => p.includes(name))!), 'utf8');
  for (const name of names) {
    expect(text('server-asset-jobs')).toContain(`'${name}'`);
    expect(text('open-api-sdk')).toContain(`+          "${name}"`);
    expect(text('open-api-sdk')).toMatch(new RegExp(`\\+\\s+Regenerate\\w+ = "${name}"`));
    expect(readFileSync(join(root, 'node_modules/@immich/sdk/build/fetch-client.js'), 'utf8')).toContain(`= "${name}"`);
  }
});

it('pins the Immich commit the patches are made for', () => {
  expect(readFileSync(join(root, 'scripts/immich/PIN'), 'utf8').trim()).toBe('8aa95c67470a02a8ddedf03c2e52963af33065ff');
});
