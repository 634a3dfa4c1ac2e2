/**
 * Immich's Ocr and SmartSearch jobs for one asset: run the model, then replace the stored result.
 * The model runs before anything is written, so a failure (unreadable image, model error, killed
 * process) leaves the previous OCR rows / embedding as they were.
 */
import { Inject, Injectable } from '@nestjs/common';
import { LensAssetRepository } from './lens-asset.repository';
import type { LensModuleOptions } from './lens-options';
import { LocalMachineLearningRepository, OCR } from './local-machine-learning.repository';
import { LENS_OPTIONS } from './tokens';
import type { LensJobName } from './types';

export class AssetNotFoundError extends Error {}

@Injectable()
export class AssetJobService {
  private dimensionChecked?: Promise<void>;

  constructor(
    @Inject(LENS_OPTIONS) private readonly options: LensModuleOptions,
    @Inject(LocalMachineLearningRepository) private readonly ml: LocalMachineLearningRepository,
    @Inject(LensAssetRepository) private readonly assets: LensAssetRepository,
  ) {}

  async run(name: LensJobName, assetId: string): Promise<void> {
    if (name === 'ocr') await this.ocr(assetId);
    else await this.smartSearch(assetId);
  }

  async ocr(assetId: string): Promise<OCR> {
    const asset = await this.assets.getById(assetId);
    if (!asset) throw new AssetNotFoundError(`Asset ${assetId} not found`);
    const { modelName, minDetectionScore, minRecognitionScore, maxResolution } = this.options.machineLearning.ocr;
    const result = await this.ml.ocr(asset.originalPath, { modelName, minDetectionScore, minRecognitionScore, maxResolution });
    await this.assets.replaceOcr(assetId, result);
    return result;
  }

  async smartSearch(assetId: string): Promise<string> {
    const asset = await this.assets.getById(assetId);
    if (!asset) throw new AssetNotFoundError(`Asset ${assetId} not found`);
    const embedding = await this.ml.encodeImage(asset.originalPath, { modelName: this.options.machineLearning.clip.modelName });
    if (this.options.adaptEmbeddingDimension) await this.ensureDimension(embedding);
    await this.assets.replaceEmbedding(assetId, embedding);
    return embedding;
  }

  private ensureDimension(embedding: string): Promise<void> {
    const dim = embedding.split(',').length;
    this.dimensionChecked ??= (async () => {
      if ((await this.assets.getEmbeddingDimension()) !== dim) {
        this.options.log?.(`smart_search.embedding retyped to vector(${dim}) for the CLIP model; old embeddings dropped`);
        await this.assets.setEmbeddingDimension(dim);
      }
    })();
    this.dimensionChecked.catch(() => (this.dimensionChecked = undefined));
    return this.dimensionChecked;
  }
}
