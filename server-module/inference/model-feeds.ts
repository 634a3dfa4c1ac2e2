import type * as ort from 'onnxruntime-node';
import { ModelInputError } from './model-errors';
import type { Feeds } from './model-types';

/** Turns ORT's terse shape/type errors into ones that name the model, the input and both shapes. */
export function checkFeeds(file: string, session: ort.InferenceSession, feeds: Feeds): void {
  const declared = new Set(session.inputNames);
  for (const name of Object.keys(feeds)) {
    if (!declared.has(name)) {
      throw new ModelInputError(`${file}: unknown input "${name}" (model inputs: ${session.inputNames.join(', ')})`, file);
    }
  }
  for (const meta of session.inputMetadata) {
    const feed = feeds[meta.name];
    if (!feed) throw new ModelInputError(`${file}: missing input "${meta.name}" (model inputs: ${session.inputNames.join(', ')})`, file);
    if (!meta.isTensor) continue;
    if (feed.type !== meta.type) {
      throw new ModelInputError(`${file}: input "${meta.name}" is ${feed.type}, the model expects ${meta.type}`, file);
    }
    const expected = meta.shape;
    const fits = expected.length === 0 || (expected.length === feed.dims.length && expected.every((d, i) => typeof d !== 'number' || d === feed.dims[i]));
    if (!fits) {
      throw new ModelInputError(`${file}: input "${meta.name}" has shape [${feed.dims.join(',')}], the model expects [${expected.join(',')}]`, file);
    }
  }
}
