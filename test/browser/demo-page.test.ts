/**
 * The demo page as a person uses it, in Debian's chromium (playwright-core, no browser download):
 * `immich-lens index` a folder of generated photos, `immich-lens serve`, sign in with the API key,
 * type `ocr:发票`, see the photo with the most 发票 first with the word marked, open it, change the
 * file on disk, More → Regenerate OCR, see the toasts and the refreshed text.
 * Screenshots: test-artifacts/browser-*.png.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Browser, chromium, Page } from 'playwright-core';
import { renderLines } from '../ocr/render';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/immich-lens.js');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const API_KEY = 'browser-test-key-0123456789';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function startServe(cwd: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--api-key', API_KEY], { cwd, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        done(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

describe('demo page in chromium against immich-lens serve', () => {
  let work: string;
  let photos: string;
  let serve: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'demo-page/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT });
    mkdirSync(ARTIFACTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'immich-lens-browser-'));
    photos = join(work, 'photos');
    mkdirSync(photos);
    const write = async (name: string, lines: string[]) => writeFileSync(join(photos, name), (await renderLines(lines)).png);
    await write('invoice.png', ['发票 发票 发票', '增值税发票']);
    await write('hotel.png', ['酒店发票', 'Hotel Sunrise']);
    await write('meeting.png', ['会议通知', 'Team meeting']);
    const index = await promisify(execFile)(process.execPath, [BIN, 'index', 'photos'], { cwd: work, env: { ...process.env, DATABASE_URL: '' } });
    expect(index.stdout).toMatch(/3 indexed/);
    const port = await freePort();
    serve = await startServe(work, port);
    url = `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 800 }, locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    serve?.kill('SIGTERM');
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('finds ocr:发票 best first with the word marked, and Regenerate OCR refreshes the text', async () => {
    await page.goto(url);
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByRole('button', { name: 'Continue' }).click();

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.pressSequentially('ocr:发票');
    await search.press('Enter');

    const cards = page.locator('.lens-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(2);
    expect(await cards.locator('.lens-card-name').allTextContents()).toEqual(['invoice.png', 'hotel.png']);
    expect(await cards.first().locator('mark.lens-ocr-match').allTextContents()).toContain('发票');
    expect(await cards.nth(1).locator('.lens-ocr-line').allTextContents()).toContain('酒店发票');
    await cards.first().locator('img.lens-thumbnail').waitFor();
    expect(await cards.first().locator('img.lens-thumbnail').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'browser-search-results.png'), fullPage: true });

    await cards.first().getByRole('button', { name: 'invoice.png' }).click();
    const lines = page.getByTestId('ocr-lines');
    await lines.waitFor();
    expect((await lines.textContent()) ?? '').toContain('增值税发票');

    writeFileSync(join(photos, 'invoice.png'), (await renderLines(['已报销发票', '报销单 2024'])).png);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Regenerate OCR' }).click();
    await page.getByText('OCR regeneration queued').waitFor();
    await page.getByText('OCR text refreshed').waitFor({ timeout: 60_000 });
    await lines.getByText('已报销').waitFor();
    expect((await lines.textContent()) ?? '').not.toContain('增值税');
    await page.screenshot({ path: join(ARTIFACTS, 'browser-regenerated.png'), fullPage: true });
  });

  it('speaks Simplified Chinese when asked (?lang=zh-CN), keeping the signed-in key', async () => {
    await page.goto(`${url}?lang=zh-CN`);
    const search = page.getByRole('searchbox', { name: '搜索' });
    expect(await search.getAttribute('placeholder')).toBe('搜索照片（试试 ocr:发票）');
    await search.fill('ocr:报销');
    await search.press('Enter');
    await page.getByText('1 张照片').waitFor();
    expect(await page.locator('.lens-card mark.lens-ocr-match').first().textContent()).toBe('报销');
  });
});
