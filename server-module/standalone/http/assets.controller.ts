import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Req, Res, UseGuards, UnprocessableEntityException } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import sharp from 'sharp';
import { AssetRepository } from '../asset.repository';
import { JobQueueRepository } from '../job-queue.repository';
import { RegenerateService } from '../regenerate.service';
import type { LensAuth } from '../types';
import { requireReadAccess } from '../asset-access';
import { ApiKeyGuard, RequirePermission } from './auth.guard';
import { AssetIdParamDto, AssetJobsDto, JobsQueryDto } from './dto';

type AuthedRequest = { auth: LensAuth };
interface StreamResponse {
  setHeader(name: string, value: string): void;
  status(code: number): StreamResponse;
  end(body?: Buffer): void;
}

const MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif', '.tif': 'image/tiff', '.tiff': 'image/tiff', '.bmp': 'image/bmp', '.avif': 'image/avif', '.heic': 'image/heic' };

@ApiTags('Assets')
@ApiHeader({ name: 'x-api-key', required: true })
@UseGuards(ApiKeyGuard)
@Controller('assets')
export class AssetsController {
  constructor(
    @Inject(RegenerateService) private readonly regenerate: RegenerateService,
    @Inject(AssetRepository) private readonly assets: AssetRepository,
  ) {}

  @Post('jobs')
  @HttpCode(204)
  @RequirePermission('job.create')
  @ApiOperation({ summary: 'Run an asset job: regenerate-ocr or regenerate-clip (forced; old data kept until the new result exists)' })
  async runAssetJobs(@Req() req: AuthedRequest, @Body() dto: AssetJobsDto): Promise<void> {
    await this.regenerate.run(req.auth, dto);
  }

  @Get(':id/ocr')
  @RequirePermission('asset.read')
  @ApiOperation({ summary: 'The OCR boxes of an asset (Immich\'s asset_ocr rows)' })
  async getAssetOcr(@Req() req: AuthedRequest, @Param() { id }: AssetIdParamDto) {
    requireReadAccess(req.auth, await this.assets.getById(id), id);
    return this.assets.getOcr(id);
  }

  @Get(':id/original')
  @RequirePermission('asset.download')
  @ApiOperation({ summary: 'The original file' })
  async original(@Req() req: AuthedRequest, @Param() { id }: AssetIdParamDto, @Res() res: StreamResponse & NodeJS.WritableStream) {
    const asset = requireReadAccess(req.auth, await this.assets.getById(id), id);
    const info = await stat(asset.originalPath).catch(() => null);
    if (!info?.isFile()) throw new NotFoundException(`The original file of asset ${id} is missing`);
    res.setHeader('Content-Type', MIME[extname(asset.originalPath).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(info.size));
    createReadStream(asset.originalPath).pipe(res);
  }

  @Get(':id/thumbnail')
  @RequirePermission('asset.view')
  @ApiOperation({ summary: 'A 250 px WebP thumbnail (made on request)' })
  async thumbnail(@Req() req: AuthedRequest, @Param() { id }: AssetIdParamDto, @Res() res: StreamResponse) {
    const asset = requireReadAccess(req.auth, await this.assets.getById(id), id);
    let body: Buffer;
    try {
      body = await sharp(asset.originalPath).rotate().resize(250, 250, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    } catch (error) {
      throw new UnprocessableEntityException(`Cannot make a thumbnail of asset ${id}: ${(error as Error).message}`);
    }
    res.setHeader('Content-Type', 'image/webp');
    res.status(200).end(body);
  }
}

@ApiTags('Jobs')
@ApiHeader({ name: 'x-api-key', required: true })
@UseGuards(ApiKeyGuard)
@Controller('lens/jobs')
export class JobsController {
  constructor(@Inject(JobQueueRepository) private readonly jobs: JobQueueRepository, @Inject(AssetRepository) private readonly assets: AssetRepository) {}

  @Get()
  @RequirePermission('job.read')
  @ApiOperation({ summary: 'Jobs of one of your assets, or the queue counts' })
  async list(@Req() req: AuthedRequest, @Query() { assetId }: JobsQueryDto) {
    if (assetId === undefined) return { counts: await this.jobs.counts() };
    requireReadAccess(req.auth, await this.assets.getById(assetId), assetId);
    return { jobs: await this.jobs.list(assetId) };
  }
}
