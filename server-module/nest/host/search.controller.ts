import { Body, Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseSearchQuery, SearchQueryError } from '../../search';
import { LensSearchService, LensSearchResponse } from '../lens-search.service';
import type { LensAuth } from '../types';
import { ApiKeyGuard, RequirePermission } from './auth.guard';
import { OcrSearchDto, SmartSearchDto } from './dto';

type AuthedRequest = { auth: LensAuth };

@ApiTags('Search')
@ApiHeader({ name: 'x-api-key', required: true })
@UseGuards(ApiKeyGuard)
@Controller('search')
export class SearchController {
  constructor(@Inject(LensSearchService) private readonly service: LensSearchService) {}

  @Post('smart')
  @HttpCode(200)
  @RequirePermission('asset.read')
  @ApiOperation({ summary: 'Smart search: free text (CLIP) fused with ocr: terms (ranked OCR text search)' })
  async smart(@Req() req: AuthedRequest, @Body() dto: SmartSearchDto) {
    return toResponse(await this.service.searchAssets(req.auth, dto));
  }

  @Post('ocr')
  @HttpCode(200)
  @RequirePermission('asset.read')
  @ApiOperation({ summary: 'OCR text search ranked by relevance; bare words are ocr: terms' })
  async ocr(@Req() req: AuthedRequest, @Body() dto: OcrSearchDto) {
    return toResponse(await this.service.searchAssets(req.auth, { ...dto, query: asOcrQuery(dto.query) }));
  }
}

/** Turns the free-text part of a query into ocr: terms, keeping ocr:/-ocr: terms as they are. */
export function asOcrQuery(query: string): string {
  const parsed = parseSearchQuery(query);
  const words = parsed.freeText.split(/\s+/).filter(Boolean);
  if (words.some((w) => w.includes('"'))) throw new SearchQueryError('Unbalanced quote in the query');
  const terms = parsed.ocrTerms.map((t) => `${t.negated ? '-' : ''}ocr:${t.phrase ? `"${t.text}"` : t.text}`);
  return [...terms, ...words.map((w) => `ocr:${w}`)].join(' ');
}

/** Immich's search response shape: `{assets: {items, count, total, nextPage}}`. */
function toResponse(result: LensSearchResponse) {
  return {
    assets: {
      items: result.items.map((i) => ({
        id: i.assetId,
        originalPath: i.originalPath,
        fileCreatedAt: i.fileCreatedAt,
        score: i.score,
        ocrScore: i.ocrScore,
        ocrRank: i.ocrRank,
        clipDistance: i.clipDistance,
        clipRank: i.clipRank,
        matchedLines: i.matchedLines,
      })),
      count: result.items.length,
      total: result.items.length,
      nextPage: result.nextPage,
      mode: result.mode,
    },
  };
}
