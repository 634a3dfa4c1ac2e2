import { readdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClipModel } from '../../server-module/inference/clip';
import { downloadImmichModel, findModel, IMMICH_CLIP_FILES, installCnClipExport, loadClipManifest } from '../../scripts/clip-model-catalog';
import { ModelManager } from '../../server-module/inference/model-manager';
import { writeCnClipExport, writeImmichModel, writeRgbPng } from './fixtures';

let dir: string;
let manager: ModelManager;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clip-catalog-'));
});
beforeEach(() => {
  manager = new ModelManager({ idleUnloadMs: 0, intraOpThreads: 1 });
});
afterEach(() => manager.dispose());
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('models/clip-models.json', () => {
  it('lists Immich models and Chinese-CLIP with the signatures the engine expects', async () => {
    const manifest = await loadClipManifest();
    expect(findModel(manifest, 'ViT-B-32__openai')).toMatchObject({ embedDim: 512, contextLength: 77, source: { type: 'huggingface', repo: 'immich-app/ViT-B-32__openai' } });
    expect(findModel(manifest, 'cn-clip-ViT-B-16')).toMatchObject({ embedDim: 512, imageSize: 224, contextLength: 52, source: { type: 'cn-clip-export' } });
    for (const m of manifest) {
      expect(m.embedDim).toBeGreaterThan(0);
      if (m.family === 'chinese-clip') expect(m.preprocess).toMatchObject({ resize_mode: 'squash', interpolation: 'bicubic' });
    }
    expect(() => findModel(manifest, 'nope')).toThrow('unknown CLIP model "nope"');
  });
});

describe('installing models into the Immich cache layout', () => {
  it('installs a Chinese-CLIP export so that it encodes exactly like the export itself', async () => {
    const exported = await writeCnClipExport(path.join(dir, 'export'), { dim: 4 });
    const entry = { ...findModel(await loadClipManifest(), 'cn-clip-ViT-B-16'), embedDim: 4 };
    const cache = path.join(dir, 'cache');
    const installed = await installCnClipExport(entry, path.join(exported.dir, 'vit-b-16'), path.join(exported.dir, 'vocab.txt'), cache);
    expect(installed).toBe(path.join(cache, 'clip', 'cn-clip-ViT-B-16'));

    const fromCache = await ClipModel.open(installed, manager);
    const fromExport = await ClipModel.open(exported.dir, manager);
    expect(fromCache.files).toMatchObject({ layout: 'immich', embedDim: 4, contextLength: 52, textual: { tokenizer: { kind: 'bert-vocab' } } });
    const image = await writeRgbPng(path.join(dir, 'x.png'), 30, 20, (x, y) => [x * 8, y * 12, 90]);
    expect(Array.from(await fromCache.encodeImage(image))).toEqual(Array.from(await fromExport.encodeImage(image)));
    expect(Array.from(await fromCache.encodeText('一只猫'))).toEqual(Array.from(await fromExport.encodeText('一只猫')));
  });

  it('tells what to run when the export is missing', async () => {
    const entry = findModel(await loadClipManifest(), 'cn-clip-ViT-B-16');
    await expect(installCnClipExport(entry, path.join(dir, 'missing', 'vit-b-16'), 'vocab.txt', path.join(dir, 'c2'))).rejects.toThrow(/vit-b-16\.img\.fp32\.onnx.*pytorch_to_onnx/);
  });

  describe('downloading an Immich export over HTTP', () => {
    let server: Server;
    let endpoint: string;
    const requests: string[] = [];
    beforeAll(async () => {
      const repoDir = path.join(dir, 'hub', 'Tiny-ViT__hub');
      await writeImmichModel(repoDir, { size: 8, dim: 3, contextLength: 8 });
      server = createServer((req, res) => {
        requests.push(req.url ?? '');
        const match = /^\/immich-app\/([^/]+)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
        if (!match) return void res.writeHead(404).end();
        readFile(path.join(dir, 'hub', match[1], match[2])).then(
          (body) => res.writeHead(200).end(body),
          () => res.writeHead(404).end(),
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    it('fetches the six files Immich ML reads, then keeps them on a second run', async () => {
      const entry = { name: 'Tiny-ViT__hub', family: 'openclip' as const, embedDim: 3, imageSize: 8, contextLength: 8, source: { type: 'huggingface' as const, repo: 'immich-app/Tiny-ViT__hub' } };
      const cache = path.join(dir, 'hub-cache');
      const modelDir = await downloadImmichModel(entry, cache, { endpoint });
      expect(requests).toHaveLength(IMMICH_CLIP_FILES.length);
      expect((await readdir(path.join(modelDir, 'textual'))).sort()).toEqual(['model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
      expect((await ClipModel.open(modelDir, manager)).files.layout).toBe('immich');
      expect(await (await ClipModel.open(modelDir, manager)).encodeText('a cat')).toHaveLength(3);

      await downloadImmichModel(entry, cache, { endpoint });
      expect(requests).toHaveLength(IMMICH_CLIP_FILES.length); // nothing fetched again

      const missing = { ...entry, name: 'Absent', source: { type: 'huggingface' as const, repo: 'immich-app/Absent' } };
      await expect(downloadImmichModel(missing, cache, { endpoint })).rejects.toThrow(`download failed: ${endpoint}/immich-app/Absent/resolve/main/config.json: HTTP 404`);
    });
  });
});
