/**
 * Client for Immich ML's `POST /predict` (multipart: `entries` JSON, plus `image` or `text`).
 * Healthy URLs are tried first, then the others; a URL that fails is marked unhealthy until it
 * answers again — the behaviour of Immich's MachineLearningRepository.
 */
import { readFile } from 'node:fs/promises';

export class RemoteMachineLearningError extends Error {}

export class RemoteMlClient {
  private readonly healthy = new Map<string, boolean>();

  constructor(private readonly log: (line: string) => void = () => {}) {}

  isHealthy(url: string): boolean {
    return this.healthy.get(url) ?? true;
  }

  markHealthy(url: string, healthy: boolean): void {
    if (this.healthy.get(url) !== healthy) this.log(`Machine learning server became ${healthy ? 'healthy' : 'unhealthy'} (${url})`);
    this.healthy.set(url, healthy);
  }

  /** GET /ping on each URL, with a timeout. */
  async checkAll(urls: string[], timeoutMs: number): Promise<void> {
    await Promise.all(
      urls.map(async (url) => {
        let ok = false;
        try {
          ok = (await fetch(new URL('ping', withSlash(url)), { signal: AbortSignal.timeout(timeoutMs) })).ok;
        } catch {
          ok = false;
        }
        this.markHealthy(url, ok);
      }),
    );
  }

  async predict<T>(urls: string[], payload: { imagePath: string } | { text: string }, entries: object): Promise<T> {
    if (urls.length === 0) throw new RemoteMachineLearningError('No machine learning URL is configured');
    const form = new FormData();
    form.append('entries', JSON.stringify(entries));
    if ('imagePath' in payload) form.append('image', new Blob([new Uint8Array(await readFile(payload.imagePath))]));
    else form.append('text', payload.text);
    const ordered = [...urls.filter((u) => this.isHealthy(u)), ...urls.filter((u) => !this.isHealthy(u))];
    for (const url of ordered) {
      try {
        const response = await fetch(new URL('predict', withSlash(url)), { method: 'POST', body: form });
        if (response.ok) {
          this.markHealthy(url, true);
          return (await response.json()) as T;
        }
        this.log(`Machine learning request to "${url}" failed with status ${response.status}: ${response.statusText}`);
      } catch (error) {
        this.log(`Machine learning request to "${url}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.markHealthy(url, false);
    }
    throw new RemoteMachineLearningError(`Machine learning request '${JSON.stringify(entries)}' failed for all URLs`);
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : url + '/';
}
