// The closed set of server-module files Immich's web needs: the `$lib/immich-lens/<path>` imports of
// patches/immich/*.patch, and everything they import in turn (TypeScript's own import scanner, so
// `import type`, re-exports and dynamic imports count). Only relative imports may appear: Immich's
// web has none of the server's packages, so a package import is an error here, not at build time.
//   node scripts/immich/web-files.mjs        prints the paths under server-module/, one a line
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const lensDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const moduleDir = join(lensDir, 'server-module');
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

/** The entry files and the closure of their imports, as paths under server-module/. */
export function webFiles() {
  const ts = loadTypeScript();
  const seen = new Set();
  const pending = webEntryFiles().map((file) => join(moduleDir, file));
  for (const file of pending) {
    if (!existsSync(file)) throw new Error(`web-files: a web patch imports ${relative(lensDir, file)}, which does not exist`);
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
      pending.push(resolveRelative(file, fileName));
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
