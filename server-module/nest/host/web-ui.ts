/**
 * Serves the built web-extension demo page (web-extension/dist, `npm run build:web`) at `/` of the
 * standalone host; /api stays the API. Nothing is registered when the page has not been built.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** web-extension/dist of the package this file belongs to (from the sources or from dist/). */
export function findWebUiDir(from = __dirname, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.IMMICH_LENS_WEB_DIR) return existsSync(join(env.IMMICH_LENS_WEB_DIR, 'index.html')) ? env.IMMICH_LENS_WEB_DIR : null;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'web-extension', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (existsSync(join(dir, 'package.json')) || dirname(dir) === dir) return null;
  }
}

export function serveWebUi(app: INestApplication, dir = findWebUiDir()): string | null {
  if (!dir) return null;
  (app as NestExpressApplication).useStaticAssets(dir, { index: 'index.html', fallthrough: true });
  return dir;
}
