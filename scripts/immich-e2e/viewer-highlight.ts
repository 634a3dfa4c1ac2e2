/**
 * The patched Immich web in a real browser (Debian's chromium through playwright-core): a photo
 * opened from an `ocr:` search, and from the OCR search mode, shows the OCR boxes whose text matched
 * highlighted — and only those while the overlay is off.
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { normalizeText } from '../../server-module/ocr-text/normalize';

type Check = (name: string, ok: boolean, detail?: string) => void;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function checkViewerHighlight(url: string, accessToken: string, photo: { id: string; term: string }, screenshots: string, check: Check): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const host = new URL(url).hostname;
    await context.addCookies(
      [
        ['immich_access_token', accessToken],
        ['immich_auth_type', 'password'],
        ['immich_is_authenticated', 'true'],
      ].map(([name, value]) => ({ name, value, domain: host, path: '/' })),
    );
    const page = await context.newPage();
    for (const [mode, search] of [
      ['ocr:', { query: `ocr:${photo.term}` }],
      ['OCR mode', { ocr: photo.term }],
    ] as const) {
      await page.goto(`${url}/search/photos/${photo.id}?query=${encodeURIComponent(JSON.stringify(search))}`);
      const highlighted = page.locator('[data-testid="ocr-box"][data-highlighted]');
      let labels: string[] = [];
      let shown = 0;
      try {
        await highlighted.first().waitFor({ timeout: 60_000 });
        labels = await highlighted.evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label') ?? ''));
        shown = await page.locator('[data-testid="ocr-box"]').count();
      } catch {
        // reported below, with the screenshot
      }
      await page.screenshot({ path: join(screenshots, `viewer-highlight-${mode === 'ocr:' ? 'ocr' : 'ocr-mode'}.png`) });
      const term = normalizeText(photo.term);
      // a 2-character term may straddle two boxes of a row: together they hold it
      const ok = labels.length > 0 && normalizeText(labels.join('')).replace(/\s/g, '').includes(term) && shown === labels.length;
      check(`the viewer opened from a ${mode} search highlights the matched OCR boxes (overlay off: only those)`, ok, `${labels.length} highlighted of ${shown} shown: ${JSON.stringify(labels).slice(0, 120)}`);
    }
  } finally {
    await browser.close();
  }
}
