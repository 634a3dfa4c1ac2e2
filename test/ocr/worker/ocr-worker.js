// Runs the OCR engine inside a worker_thread, as Immich's microservices worker would.
// Plain Node: TypeScript sources are transpiled on require with the project's own `typescript`.
const { parentPort, workerData } = require('node:worker_threads');
require('../../helpers/register-ts');

const { ModelManager } = require('../../../server-module/inference/model-manager.ts');
const { OcrEngine } = require('../../../server-module/inference/ocr/ocr-engine.ts');
const { embeddedOcrModel } = require('../../../server-module/inference/ocr/ocr-models.ts');

(async () => {
  const manager = new ModelManager({ idleUnloadMs: 0 });
  const engine = await OcrEngine.load(embeddedOcrModel(), manager);
  const result = await engine.run(Buffer.from(workerData.png));
  await manager.dispose();
  parentPort.postMessage({ result });
})().catch((error) => parentPort.postMessage({ fatal: String(error && error.stack ? error.stack : error) }));
