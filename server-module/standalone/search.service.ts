/**
 * The standalone host's search: the one search plan (search/plan.ts) over the query, CLIP for its
 * free text, the ranked OCR or hybrid search with Immich's access filters, and the assets best first
 * with their scores and matched OCR lines.
 */
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { LocalMachineLearningRepository } from '../ml-provider/machine-learning.repository';
import { matchingLines, ocrSearchTerms } from '../ocr-text/matched-text';
import { planOcrModeSearch, planSearch } from '../search/plan';
import { LensSearchRepository, SearchItem } from '../search/repository';
import { AssetRepository } from './asset.repository';
import type { StandaloneModuleOptions } from './module-options';
import { STANDALONE_OPTIONS } from './tokens';
import type { LensAuth } from './types';

export interface SearchRequest {
  query: string;
  /** Immich's OCR search mode: every word is an OCR term (planOcrModeSearch) */
  ocrMode?: boolean;
  page?: number;
  size?: number;
  /** include locked assets only (needs an elevated session, as in Immich) */
  visibility?: 'timeline' | 'archive' | 'hidden' | 'locked';
  withDeleted?: boolean;
  language?: string;
  /** owner + partner ids the caller may see (Immich's getUserIdsToSearch); default: the caller only */
  userIds?: string[];
}

export interface SearchResult extends SearchItem {
  originalPath: string;
  fileCreatedAt: Date;
  /** OCR reading lines that contain a searched word literally (after NFKC + lower-case) */
  matchedLines: string[];
}

export interface SearchResponse {
  mode: 'ocr' | 'hybrid';
  items: SearchResult[];
  nextPage: string | null;
}

const TEXT_CACHE_SIZE = 100;

@Injectable()
export class SearchService {
  /** like Immich's search.service: recent text embeddings are cached */
  private readonly textEmbeddings = new Map<string, Promise<string>>();

  constructor(
    @Inject(STANDALONE_OPTIONS) private readonly options: StandaloneModuleOptions,
    @Inject(LensSearchRepository) private readonly search: LensSearchRepository,
    @Inject(AssetRepository) private readonly assets: AssetRepository,
    @Inject(LocalMachineLearningRepository) private readonly ml: LocalMachineLearningRepository,
  ) {}

  /** Whether free text can be encoded (the plan refuses free text otherwise). */
  clipAvailable(): boolean {
    const { clip } = this.options.machineLearning;
    return clip.enabled && this.ml.hasClip(clip.modelName);
  }

  async searchAssets(auth: LensAuth, request: SearchRequest): Promise<SearchResponse> {
    const plan = request.ocrMode
      ? planOcrModeSearch(request.query)
      : planSearch(request.query, {
          available: this.clipAvailable(),
          unavailableReason: 'No CLIP model is configured (--clip-model DIR or IMMICH_LENS_CLIP_MODEL)',
        });
    if (request.visibility === 'locked' && auth.session?.hasElevatedPermission !== true) {
      throw new UnauthorizedException('Elevated permission is required'); // as Immich's requireElevatedPermission
    }
    const filters = {
      userIds: request.userIds ?? [auth.user.id],
      visibility: request.visibility,
      withDeleted: request.withDeleted,
      page: request.page,
      size: request.size,
    };
    const { ocrTerms, freeText } = plan.query;
    const page =
      plan.mode === 'ocr'
        ? await this.search.searchOcr({ ...filters, ocrTerms })
        : await this.search.searchHybrid({
            ...filters,
            ocrTerms,
            freeText,
            embedding: await this.encodeText(freeText, this.options.machineLearning.clip.modelName, request.language),
          });
    const ids = page.items.map((i) => i.assetId);
    const [rows, pages] = await Promise.all([this.assets.getByIds(ids), this.assets.getOcrPages(ids)]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const terms = ocrSearchTerms(request.ocrMode ? { ocr: request.query } : { query: request.query });
    return {
      mode: plan.mode,
      nextPage: page.nextPage,
      items: page.items.map((item) => ({
        ...item,
        originalPath: byId.get(item.assetId)?.originalPath ?? '',
        fileCreatedAt: byId.get(item.assetId)?.fileCreatedAt ?? new Date(0),
        matchedLines: matchingLines(pages.get(item.assetId) ?? { text: [], box: [] }, terms),
      })),
    };
  }

  private encodeText(text: string, modelName: string, language?: string): Promise<string> {
    const key = `${modelName}\0${language ?? ''}\0${text}`;
    let cached = this.textEmbeddings.get(key);
    if (!cached) {
      cached = this.ml.encodeText(text, { modelName, language });
      cached.catch(() => this.textEmbeddings.delete(key));
      this.textEmbeddings.set(key, cached);
      if (this.textEmbeddings.size > TEXT_CACHE_SIZE) this.textEmbeddings.delete(this.textEmbeddings.keys().next().value!);
    }
    return cached;
  }
}
