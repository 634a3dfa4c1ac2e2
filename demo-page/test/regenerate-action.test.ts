import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import RegenerateAction from '../src/components/RegenerateAction.svelte';
import Toasts from '../src/components/Toasts.svelte';
import type { JobOutcome } from '../src/lib/regenerate';
import { startJobsServer, type JobsServer } from './jobs-server';

const ASSET = '0b7e4f3c-2f4a-4a49-9d1c-6a1f0e2b9c11';
let server: JobsServer;

beforeAll(async () => {
  server = await startJobsServer('key-1');
});
afterAll(() => server.close());

const toastTexts = () => Array.from(document.querySelectorAll('.lens-toast')).map((t) => [t.getAttribute('data-kind'), t.querySelector('span')?.textContent]);

describe('RegenerateAction', () => {
  it('on click POSTs /assets/jobs with the lens job name and the API key, busy until answered, then a toast', async () => {
    const user = userEvent.setup();
    render(Toasts);
    render(RegenerateAction, { assetId: ASSET, name: 'regenerate-ocr' });
    const item = screen.getByRole('menuitem', { name: /Regenerate OCR/ });
    server.hold = true;
    const before = server.requests.length;
    await user.click(item);
    await waitFor(() => expect(server.requests.length).toBe(before + 1));
    expect(item.getAttribute('aria-busy')).toBe('true');
    await user.click(item); // a second click while pending sends nothing
    expect(server.requests.length).toBe(before + 1);
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/assets/jobs', apiKey: 'key-1', body: { assetIds: [ASSET], name: 'regenerate-ocr' } });
    server.hold = false;
    server.release();
    await waitFor(() => expect(item.getAttribute('aria-busy')).toBe('false'));
    expect(toastTexts()).toEqual([['info', 'OCR regeneration queued']]);
  });

  it('runs from the keyboard (Enter) and shows the server\'s message when the job is refused', async () => {
    const user = userEvent.setup();
    render(Toasts);
    render(RegenerateAction, { assetId: ASSET, name: 'regenerate-clip' });
    server.respond(403, { message: 'Not found or no asset.update access', statusCode: 403 });
    screen.getByRole('menuitem', { name: /Regenerate CLIP/ }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(toastTexts()).toEqual([['error', 'Could not start the job: Not found or no asset.update access']]));
    expect(server.requests.at(-1)?.body).toEqual({ assetIds: [ASSET], name: 'regenerate-clip' });
  });

  it('stays busy until the watched job ends and reports done or failed', async () => {
    const user = userEvent.setup();
    render(Toasts);
    let finish!: (o: JobOutcome) => void;
    const ended: JobOutcome[] = [];
    render(RegenerateAction, {
      assetId: ASSET,
      name: 'regenerate-ocr',
      waitUntilDone: () => new Promise<JobOutcome>((done) => (finish = done)),
      onDone: (o: JobOutcome) => ended.push(o),
    });
    const item = screen.getByRole('menuitem', { name: /Regenerate OCR/ });
    await user.click(item);
    await waitFor(() => expect(toastTexts()).toEqual([['info', 'OCR regeneration queued']]));
    expect(item.getAttribute('aria-busy')).toBe('true');
    expect(item.textContent).toContain('Working…');
    finish({ status: 'failed', error: 'cannot read image' });
    await waitFor(() => expect(item.getAttribute('aria-busy')).toBe('false'));
    expect(toastTexts()).toContainEqual(['error', 'The job failed: cannot read image']);
    expect(ended).toEqual([{ status: 'failed', error: 'cannot read image' }]);

    await user.click(item);
    await waitFor(() => expect(toastTexts().filter(([, text]) => text === 'OCR regeneration queued')).toHaveLength(2));
    finish({ status: 'done' });
    await waitFor(() => expect(toastTexts()).toContainEqual(['success', 'OCR text refreshed']));
  });
});
