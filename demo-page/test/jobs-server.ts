/**
 * A real HTTP server speaking the two Immich endpoints the actions call (POST /api/assets/jobs with
 * Immich's 204 / `{message}` 400), recording requests; each response waits until the test releases it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { init } from '@immich/sdk';

export interface RecordedRequest {
  method: string;
  url: string;
  apiKey: string | undefined;
  body: unknown;
}

export interface JobsServer {
  requests: RecordedRequest[];
  /** the next responses, in order: a status and an optional JSON body */
  respond(status: number, body?: unknown): void;
  /** lets the oldest held request answer */
  release(): void;
  hold: boolean;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((done) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => done(text));
  });

export async function startJobsServer(apiKey = 'test-key'): Promise<JobsServer> {
  const requests: RecordedRequest[] = [];
  const planned: Array<{ status: number; body?: unknown }> = [];
  const held: Array<() => void> = [];
  const state = { hold: false };
  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    requests.push({ method: req.method ?? '', url: req.url ?? '', apiKey: req.headers['x-api-key'] as string | undefined, body: text ? JSON.parse(text) : undefined });
    const answer = () => {
      const { status, body } = planned.shift() ?? { status: 204 };
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (state.hold) held.push(answer);
    else answer();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  init({ baseUrl: `http://127.0.0.1:${port}/api`, apiKey });
  return {
    requests,
    respond: (status, body) => planned.push({ status, body }),
    release: () => held.shift()?.(),
    get hold() {
      return state.hold;
    },
    set hold(value: boolean) {
      state.hold = value;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
