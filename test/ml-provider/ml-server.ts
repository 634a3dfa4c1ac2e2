/** A small HTTP server speaking Immich ML's API (GET /ping, multipart POST /predict), recording requests. */
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface PredictRequest {
  entries: Record<string, any>;
  image?: Buffer;
  text?: string;
}

export interface FakeMl {
  url: string;
  requests: PredictRequest[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `respond` builds the JSON answer from the parsed request; `status` lets a server fail on purpose. */
export async function startFakeMl(respond: (request: PredictRequest) => unknown, status = 200): Promise<FakeMl> {
  const requests: PredictRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/ping') {
      res.writeHead(status === 200 ? 200 : 503).end('pong');
      return;
    }
    if (req.method !== 'POST' || req.url !== '/predict') {
      res.writeHead(404).end();
      return;
    }
    // undici parses multipart/form-data the way FastAPI's Form()/File() would receive it
    const form = await new Request('http://ml/predict', { method: 'POST', headers: req.headers as Record<string, string>, body: await body(req) }).formData();
    const image = form.get('image');
    const request: PredictRequest = {
      entries: JSON.parse(String(form.get('entries'))),
      image: image instanceof Blob ? Buffer.from(await image.arrayBuffer()) : undefined,
      text: typeof form.get('text') === 'string' ? String(form.get('text')) : undefined,
    };
    requests.push(request);
    if (status !== 200) {
      res.writeHead(status).end('failing on purpose');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(respond(request)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
