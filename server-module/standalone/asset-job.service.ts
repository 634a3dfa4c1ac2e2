/**
 * The standalone host's bodies of Immich's Ocr and SmartSearch jobs for one asset: run the model, then
 * replace the stored result. The model runs before anything is written, so a failure (unreadable
 * image, model error, killed process) leaves the previous OCR rows / embedding as they were.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ModelJobName } from '../jobs/regenerate-jobs';
import { LocalMachineLearningRepository } from '../ml-provider/machine-learning.repository';
import type { OCR } from '../ml-provider/types';
import { AssetRepository } from './asset.repository';
import type { StandaloneModuleOptions } from './module-options';
import { STANDALONE_OPTIONS } from './tokens';

export class AssetNotFoundError extends Error {}

@Injectable()
export class AssetJobService {
  private dimensionChecked?: Promise<void>;

  constructor(
    @Inject(STANDALONE_OPTIONS) private readonly options: StandaloneModuleOptions,
    @Inject(LocalMachineLearningRepository) private readonly ml: LocalMachineLearningRepository,
    @Inject(AssetRepository) private readonly assets: AssetRepository,
  ) {}

  async run(name: ModelJobName, assetId: string): Promise<void> {
    if (name === 'Ocr') await this.ocr(assetId);
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
