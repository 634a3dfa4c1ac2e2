// Runs LocalMachineLearningRepository inside a worker_thread, as Immich's microservices worker
// would (OCR and encodeImage there; encodeText in the API process).
const { parentPort, workerData } = require('node:worker_threads');
require('../../helpers/register-ts');

const { LocalMachineLearningRepository } = require('../../../server-module/ml-provider/machine-learning.repository.ts');
const { DEFAULT_MACHINE_LEARNING_CONFIG } = require('../../../server-module/ml-provider/types.ts');

(async () => {
  const ml = new LocalMachineLearningRepository({ local: ['clip', 'ocr'], cacheFolder: workerData.cacheFolder, remoteFallback: false, threads: 1, idleUnloadMs: 0 });
  ml.setup({ ...DEFAULT_MACHINE_LEARNING_CONFIG, urls: [], availabilityChecks: { enabled: false, timeout: 1000, interval: 1000 } });
  const ocr = await ml.ocr(workerData.photo, { modelName: 'PP-OCRv5_mobile', minDetectionScore: 0.5, minRecognitionScore: 0.8, maxResolution: 736 });
  const image = await ml.encodeImage(workerData.photo, { modelName: 'tiny-clip' });
  const text = await ml.encodeText('a cat', { modelName: 'tiny-clip' });
  await ml.dispose();
  parentPort.postMessage({ ocr, image, text });
})().catch((error) => parentPort.postMessage({ fatal: String(error && error.stack ? error.stack : error) }));
