import * as ort from 'onnxruntime-node';
import { ManagedModel } from '../model-manager';

/** Runs a single-input, single-output model (all PP-OCR stages are) and returns its output tensor. */
export async function runSingle(model: ManagedModel, input: ort.Tensor): Promise<ort.Tensor> {
  const { inputNames, outputNames } = await model.info();
  const outputs = await model.run({ [inputNames[0]]: input });
  return outputs[outputNames[0]] as ort.Tensor;
}
