import { Body, Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SearchResponse, SearchService } from '../search.service';
import type { LensAuth } from '../types';
import { ApiKeyGuard, RequirePermission } from './auth.guard';
import { OcrSearchDto, SmartSearchDto } from './dto';

type AuthedRequest = { auth: LensAuth };

@ApiTags('Search')
@ApiHeader({ name: 'x-api-key', required: true })
@UseGuards(ApiKeyGuard)
@Controller('search')
export class SearchController {
  constructor(@Inject(SearchService) private readonly service: SearchService) {}

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
  @ApiOperation({ summary: 'OCR text search ranked by relevance; every word is an ocr: term (Immich\'s OCR search mode)' })
  async ocr(@Req() req: AuthedRequest, @Body() dto: OcrSearchDto) {
    return toResponse(await this.service.searchAssets(req.auth, { ...dto, ocrMode: true }));
  }
}

/** Immich's search response shape: `{assets: {items, count, total, nextPage}}`. */
function toResponse(result: SearchResponse) {
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
