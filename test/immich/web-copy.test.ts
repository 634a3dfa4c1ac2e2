/**
 * Immich's web imports a few server-module files as `$lib/immich-lens/...`; scripts/immich/copy-web-files.sh
 * copies them in. The copy must be closed — every file it imports is copied too — or the patched web
 * does not build (a tidy once made reading-order.ts import text-line.ts, which a hand-kept list
 * missed). This runs the real copy script into an empty stand-in of Immich's web and type-checks the
 * copy on its own, with the web's compiler settings and no packages: what fails here fails Immich's
 * `vite build` and svelte-check.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let immichDir: string;
let copyDir: string;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function webPatchImports(): string[] {
  const patchDir = join(root, 'patches/immich');
  const text = readdirSync(patchDir).filter((name) => name.includes('-web-')).map((name) => readFileSync(join(patchDir, name), 'utf8')).join('\n');
  return [...new Set([...text.matchAll(/^\+.*\$lib\/immich-lens\/([\w./-]+?)['"]/gm)].map((match) => `${match[1]}.ts`))].sort();
}

beforeAll(() => {
  immichDir = mkdtempSync(join(tmpdir(), 'lens-web-copy-'));
  mkdirSync(join(immichDir, 'web/src/lib'), { recursive: true });
  execFileSync('bash', [join(root, 'scripts/immich/copy-web-files.sh'), immichDir], { encoding: 'utf8' });
  copyDir = join(immichDir, 'web/src/lib/immich-lens');
});

afterAll(() => rmSync(immichDir, { recursive: true, force: true }));

it('copies every file the web patches import', () => {
  const imports = webPatchImports();
  expect(imports).toEqual(expect.arrayContaining(['ocr-text/ocr-grammar.ts', 'ocr-text/matched-text.ts']));
  expect(filesUnder(copyDir)).toEqual(expect.arrayContaining(imports));
});

it('type-checks the copy on its own, as Immich web compiles it, with no package to lean on', () => {
  // Immich web's tsconfig (web/tsconfig.json at the pin and the .svelte-kit/tsconfig.json it extends)
  writeFileSync(
    join(copyDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'es2022',
        moduleResolution: 'bundler',
        target: 'es2022',
        strict: true,
        noImplicitOverride: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        lib: ['esnext', 'DOM', 'DOM.Iterable'],
        esModuleInterop: true,
        forceConsistentCasingInFileNames: true,
        noEmit: true,
        types: [],
      },
      include: ['**/*.ts'],
    }),
  );
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', copyDir], { encoding: 'utf8' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
});

it('copies no file twice and nothing but TypeScript sources the closure reaches', () => {
  const listed = execFileSync(process.execPath, [join(root, 'scripts/immich/web-files.mjs')], { encoding: 'utf8' }).trim().split('\n');
  expect(filesUnder(copyDir).filter((file) => file !== 'tsconfig.json')).toEqual([...new Set(listed)].sort());
  expect(listed.every((file) => file.endsWith('.ts'))).toBe(true);
});
