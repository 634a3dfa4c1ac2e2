// What Immich's web copies from server-module/: the pure OCR-text folder (server-module/ocr-text) whole.
// It must be closed: the `$lib/immich-lens/<path>` imports of patches/immich/*.patch lie in it, and
// everything its files import (TypeScript's own import scanner, so `import type`, re-exports and
// dynamic imports count) lies in it too. Only relative imports may appear: Immich's web has none of
// the server's packages, so a package import is an error here, not at build time.
//   node scripts/immich/web-files.mjs        prints the paths under server-module/, one a line
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const lensDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const moduleDir = join(lensDir, 'server-module');
const WEB_FOLDER = 'ocr-text';
const patchDir = join(lensDir, 'patches/immich');
const LIB_IMPORT = /\$lib\/immich-lens\/([\w./-]+?)(?:\.ts)?['"]/g;

function loadTypeScript() {
  try {
    return createRequire(join(lensDir, 'package.json'))('typescript');
  } catch {
    throw new Error(`web-files: typescript is not installed in ${lensDir}; run npm ci there first`);
  }
}

/** The server-module paths the web patches import as `$lib/immich-lens/...`. */
export function webEntryFiles() {
  const entries = new Set();
  for (const name of readdirSync(patchDir).filter((file) => file.endsWith('.patch')).sort()) {
    for (const line of readFileSync(join(patchDir, name), 'utf8').split('\n')) {
      if (!line.startsWith('+')) continue;
      for (const match of line.matchAll(LIB_IMPORT)) entries.add(`${match[1]}.ts`);
    }
  }
  return [...entries].sort();
}

function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  throw new Error(`web-files: ${relative(lensDir, fromFile)} imports '${specifier}', which is no .ts file`);
}

/** The folder's files, as paths under server-module/, after checking that they and the patches' imports stay inside it. */
export function webFiles() {
  const ts = loadTypeScript();
  const seen = new Set();
  const folder = join(moduleDir, WEB_FOLDER);
  const pending = readdirSync(folder, { recursive: true })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));
  for (const file of webEntryFiles().map((entry) => join(moduleDir, entry))) {
    if (!existsSync(file)) throw new Error(`web-files: a web patch imports ${relative(lensDir, file)}, which does not exist`);
    if (!file.startsWith(folder + '/')) throw new Error(`web-files: a web patch imports ${relative(lensDir, file)}, outside server-module/${WEB_FOLDER}`);
  }
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) {
        throw new Error(`web-files: ${relative(lensDir, file)} imports the package '${fileName}'; Immich's web copy takes relative imports only`);
      }
      const imported = resolveRelative(file, fileName);
      if (!imported.startsWith(folder + '/')) {
        throw new Error(`web-files: ${relative(lensDir, file)} imports ${relative(lensDir, imported)}, outside server-module/${WEB_FOLDER} (Immich's web copies that folder alone)`);
      }
      pending.push(imported);
    }
  }
  return [...seen].map((file) => relative(moduleDir, file)).sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(webFiles().join('\n'));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
