import * as ort from 'onnxruntime-node';
import { ManagedModel } from '../model-manager';
import { InferenceTimings } from './timings';

/** Runs a single-input, single-output model (all PP-OCR stages are) and returns its output tensor. */
export async function runSingle(model: ManagedModel, input: ort.Tensor, timings: InferenceTimings): Promise<ort.Tensor> {
  const { inputNames, outputNames } = await model.info();
  const outputs = await timings.measure(() => model.run({ [inputNames[0]]: input }));
  return outputs[outputNames[0]] as ort.Tensor;
}
