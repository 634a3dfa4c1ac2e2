// Runs the CLIP engine inside a worker_thread, as Immich's microservices worker would.
// Plain Node (no jest, no ts-node): TypeScript sources are transpiled on require with the
// project's own `typescript` package, so the worker exercises the current sources.
const { parentPort, workerData } = require('node:worker_threads');
require('../../helpers/register-ts');

const { ModelManager } = require('../../../server-module/inference/model-manager.ts');
const { ClipModel } = require('../../../server-module/inference/clip/index.ts');

(async () => {
  const manager = new ModelManager({ intraOpThreads: 1, idleUnloadMs: 50 });
  const clip = await ClipModel.open(workerData.modelDir, manager);
  const images = await clip.encodeImages(workerData.images);
  const text = await clip.encodeText(workerData.text);
  // idle unload inside the worker, then reload
  const visual = clip.files.visual.model;
  while (manager.isLoaded(visual)) await new Promise((r) => setTimeout(r, 10));
  const again = await clip.encodeImage(workerData.images[0]);
  const stats = manager.stats(visual);
  await manager.dispose();
  parentPort.postMessage({
    images: images.map((r) => (r.ok ? Array.from(r.embedding) : { error: r.error.message })),
    text: Array.from(text),
    again: Array.from(again),
    stats,
  });
})().catch((error) => parentPort.postMessage({ fatal: String(error && error.stack) }));
