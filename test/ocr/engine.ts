import { ModelManager } from '../../server-module/inference/model-manager';
import { OcrEngine } from '../../server-module/inference/ocr/ocr-engine';
import { embeddedOcrModel } from '../../server-module/inference/ocr/ocr-models';

/** One engine per test file on the embedded PP-OCRv4 models (real ONNX sessions). */
export function useEmbeddedEngine(): () => OcrEngine {
  let engine: OcrEngine | undefined;
  const manager = new ModelManager({ idleUnloadMs: 0 });
  beforeAll(async () => {
    engine = await OcrEngine.load(embeddedOcrModel(), manager);
  });
  afterAll(async () => {
    await manager.dispose();
  });
  return () => engine!;
}
