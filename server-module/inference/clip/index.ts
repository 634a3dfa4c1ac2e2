export { ClipModel, type ClipModelOptions } from './clip-model';
export { ClipTokenizer, type TokenizedText } from './clip-tokenizer';
export { type PreprocessConfig, parsePreprocessConfig } from './clip-config';
export { type ClipModelFiles, resolveClipModel } from './model-layout';
export { type ImageInput, planResize, preprocessImage } from './preprocess';
export { ImageDecodeError } from '../image-decode-error';
export type { ImageEmbeddingResult } from './visual-encoder';
export { toVectorLiteral } from './embedding';
