/**
 * Serves the built demo page (demo-page/dist, `npm run build:web`; IMMICH_LENS_WEB_DIR elsewhere) at
 * `/` of the standalone host; /api stays the API. Nothing is registered when the page has not been built.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** demo-page/dist of the package this file belongs to (from the sources or from dist/). */
export function findWebUiDir(from = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'demo-page', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) return null;
  }
}

export function serveWebUi(app: INestApplication, dir: string | null = findWebUiDir()): string | null {
  if (!dir) return null;
  (app as NestExpressApplication).useStaticAssets(dir, { index: 'index.html', fallthrough: true });
  return dir;
}
