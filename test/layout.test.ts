/**
 * The layout's rules, as the code has them: server code imports no web code, the Immich patches
 * import only server-module/immich (what the Immich host is), and the core never imports a host.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const grep = (pattern: string, ...paths: string[]): string[] => {
  try {
    return execFileSync('git', ['grep', '--untracked', '-nE', pattern, '--', ...paths], { cwd: root, encoding: 'utf8' }).trim().split('\n');
  } catch (error) {
    if ((error as { status?: number }).status === 1) return []; // no match
    throw error;
  }
};

it('server-module/ imports nothing from the demo page (web code may import server modules, never the reverse)', () => {
  expect(grep(`from '[^']*demo-page`, 'server-module')).toEqual([]);
  expect(grep(`require\\([^)]*demo-page`, 'server-module')).toEqual([]);
});

it('the Immich patches import only server-module/immich', () => {
  const imports = grep(`^\\+.*from 'src/immich-lens/`, 'patches/immich').map((line) => /from '(src\/immich-lens\/[^']+)'/.exec(line)![1]);
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter((path) => !path.startsWith('src/immich-lens/server-module/immich'))).toEqual([]);
});

it('the core (inference, ml-provider, search, jobs) imports neither host', () => {
  expect(grep(`from '(\\.\\./)+(immich|standalone)(/|')`, 'server-module/inference', 'server-module/ml-provider', 'server-module/search', 'server-module/jobs')).toEqual([]);
});

it('the OCR-text module (server-module/ocr-text) is pure: it imports only its own files — no node:, kysely or onnxruntime — so Immich\'s web and the demo page copy or import it whole', () => {
  expect(grep(`from '[^.]`, 'server-module/ocr-text')).toEqual([]);
  expect(grep(`from '\\.\\./`, 'server-module/ocr-text')).toEqual([]);
  expect(grep(`require\\(`, 'server-module/ocr-text')).toEqual([]);
});
