/**
 * A CLIP model directory (Immich layout or Chinese-CLIP export) opened on a shared ModelManager.
 *
 *   const clip = await ClipModel.open('/cache/clip/ViT-B-32__openai', manager);
 *   const v = await clip.encodeImage('photo.jpg');             // Float32Array, unit length
 *   const many = await clip.encodeImages(paths);               // batched; per-image ok/error
 *   const t = await clip.encodeText('一只猫');                  // Float32Array, unit length
 *
 * Sessions are created on first use and follow the manager's idle unload / concurrency rules.
 */
import { ModelLoadError } from '../model-errors';
import type { ModelManager } from '../model-manager';
import { loadBertVocabTokenizer, loadHuggingFaceTokenizer } from './clip-tokenizer';
import { type ClipModelFiles, resolveClipModel } from './model-layout';
import type { ImageInput } from './preprocess';
import { TextualEncoder } from './textual-encoder';
import { type ImageEmbeddingResult, VisualEncoder } from './visual-encoder';

export interface ClipModelOptions {
  /** images per session.run (default 8); a model exported with batch 1 uses 1 */
  batchSize?: number;
}

export class ClipModel {
  private readonly visual?: VisualEncoder;
  private readonly textual?: TextualEncoder;

  private constructor(
    readonly files: ClipModelFiles,
    manager: ModelManager,
    options: ClipModelOptions,
  ) {
    if (files.visual) {
      this.visual = new VisualEncoder(manager.model(files.visual.model), files.visual.preprocess, files.embedDim, options.batchSize ?? 8);
    }
    const textual = files.textual;
    if (textual) {
      const tokenizer = textual.tokenizer;
      const load = (contextLength: number) =>
        tokenizer.kind === 'bert-vocab'
          ? loadBertVocabTokenizer(tokenizer.vocab, contextLength)
          : loadHuggingFaceTokenizer(tokenizer.tokenizerJson, tokenizer.tokenizerConfig, contextLength);
      this.textual = new TextualEncoder(manager.model(textual.model), load, files.contextLength, files.embedDim);
    }
  }

  static async open(dir: string, manager: ModelManager, options: ClipModelOptions = {}): Promise<ClipModel> {
    return new ClipModel(await resolveClipModel(dir), manager, options);
  }

  get name(): string {
    return this.files.name;
  }

  encodeImage(input: ImageInput): Promise<Float32Array> {
    return this.requireVisual().encode(input);
  }

  encodeImages(inputs: ImageInput[]): Promise<ImageEmbeddingResult[]> {
    return this.requireVisual().encodeMany(inputs);
  }

  encodeText(text: string): Promise<Float32Array> {
    return this.requireTextual().encode(text);
  }

  encodeTexts(texts: string[]): Promise<Float32Array[]> {
    return this.requireTextual().encodeMany(texts);
  }

  private requireVisual(): VisualEncoder {
    if (!this.visual) throw new ModelLoadError(`${this.files.dir} has no visual model (visual/model.onnx or *.img.fp32.onnx)`, this.files.dir);
    return this.visual;
  }

  private requireTextual(): TextualEncoder {
    if (!this.textual) throw new ModelLoadError(`${this.files.dir} has no textual model (textual/model.onnx or *.txt.fp32.onnx)`, this.files.dir);
    return this.textual;
  }
}
