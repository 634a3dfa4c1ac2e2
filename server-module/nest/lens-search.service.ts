/**
 * The search Immich's SearchService delegates to: parses the query (`ocr:` terms + free text), encodes
 * free text with CLIP when a model is there, runs the ranked OCR or hybrid search with Immich's access
 * filters, and returns the assets best first with their scores and matched OCR lines.
 */
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { LensSearchRepository, normalizeText, parseSearchQuery, SearchItem } from '../search';
import { LensAssetRepository } from './lens-asset.repository';
import type { LensModuleOptions } from './lens-options';
import { LocalMachineLearningRepository } from './local-machine-learning.repository';
import { LENS_OPTIONS } from './tokens';
import type { LensAuth } from './types';

export interface LensSearchRequest {
  query: string;
  page?: number;
  size?: number;
  /** include locked assets only (needs an elevated session, as in Immich) */
  visibility?: 'timeline' | 'archive' | 'hidden' | 'locked';
  withDeleted?: boolean;
  language?: string;
  /** owner + partner ids the caller may see (Immich's getUserIdsToSearch); default: the caller only */
  userIds?: string[];
}

export interface LensSearchResult extends SearchItem {
  originalPath: string;
  fileCreatedAt: Date;
  /** OCR reading lines that contain a searched word literally (after NFKC + lower-case) */
  matchedLines: string[];
}

export interface LensSearchResponse {
  mode: 'ocr' | 'hybrid';
  items: LensSearchResult[];
  nextPage: string | null;
}

const TEXT_CACHE_SIZE = 100;

@Injectable()
export class LensSearchService {
  /** like Immich's search.service: recent text embeddings are cached */
  private readonly textEmbeddings = new Map<string, Promise<string>>();

  constructor(
    @Inject(LENS_OPTIONS) private readonly options: LensModuleOptions,
    @Inject(LensSearchRepository) private readonly search: LensSearchRepository,
    @Inject(LensAssetRepository) private readonly assets: LensAssetRepository,
    @Inject(LocalMachineLearningRepository) private readonly ml: LocalMachineLearningRepository,
  ) {}

  async searchAssets(auth: LensAuth, request: LensSearchRequest): Promise<LensSearchResponse> {
    const parsed = parseSearchQuery(request.query);
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
    const positive = parsed.ocrTerms.filter((t) => !t.negated);
    let mode: LensSearchResponse['mode'];
    let page;
    if (!parsed.freeText && positive.length > 0) {
      mode = 'ocr';
      page = await this.search.searchOcr({ ...filters, ocrTerms: parsed.ocrTerms });
    } else {
      mode = 'hybrid';
      const clipModel = this.options.machineLearning.clip.modelName;
      const embedding =
        parsed.freeText && this.options.machineLearning.clip.enabled && this.ml.hasClip(clipModel)
          ? await this.encodeText(parsed.freeText, clipModel, request.language)
          : undefined;
      page = await this.search.searchHybrid({ ...filters, ocrTerms: parsed.ocrTerms, freeText: parsed.freeText || undefined, embedding });
    }
    const ids = page.items.map((i) => i.assetId);
    const [rows, lines] = await Promise.all([this.assets.getByIds(ids), this.assets.getOcrLines(ids)]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const words = [...positive.map((t) => t.text), ...parsed.freeText.split(/\s+/)].filter((w) => w.length > 0);
    return {
      mode,
      nextPage: page.nextPage,
      items: page.items.map((item) => ({
        ...item,
        originalPath: byId.get(item.assetId)?.originalPath ?? '',
        fileCreatedAt: byId.get(item.assetId)?.fileCreatedAt ?? new Date(0),
        matchedLines: matchedLines(lines.get(item.assetId) ?? [], words),
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

function matchedLines(lines: string[], words: string[]): string[] {
  return lines.filter((line) => {
    const normal = normalizeText(line);
    return words.some((w) => normal.includes(w));
  });
}
