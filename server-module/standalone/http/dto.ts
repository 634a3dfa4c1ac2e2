/** Request bodies of the standalone host, validated with zod through nestjs-zod, as Immich v3.1 does. */
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { REGENERATE_JOB_NAMES } from '../../jobs/regenerate-jobs';

const page = z.number().int().min(1).optional().describe('Page number (1-based)');
const size = z.number().int().min(1).max(1000).optional().describe('Results per page (1–1000, default 100)');
const visibility = z.enum(['archive', 'timeline', 'hidden', 'locked']).optional().describe('Asset visibility (locked needs an elevated session)');

export const SmartSearchSchema = z
  .object({
    query: z.string().min(1).max(1000).describe('Search text: free text for CLIP, ocr:word / ocr:"a phrase" / -ocr:word for OCR text'),
    language: z.string().max(20).optional().describe('Query language (passed to the CLIP text encoder)'),
    page,
    size,
    visibility,
    withDeleted: z.boolean().optional(),
  })
  .strict();
export class SmartSearchDto extends createZodDto(SmartSearchSchema) {}

export const OcrSearchSchema = z
  .object({
    query: z.string().min(1).max(1000).describe('Words to find in the photos\' OCR text; bare words count as ocr: terms'),
    page,
    size,
    visibility,
    withDeleted: z.boolean().optional(),
  })
  .strict();
export class OcrSearchDto extends createZodDto(OcrSearchSchema) {}

export const AssetJobsSchema = z
  .object({
    assetIds: z.array(z.uuid()).min(1).max(1000).describe('Asset IDs'),
    name: z.enum(REGENERATE_JOB_NAMES).describe('Job name'),
  })
  .strict();
export class AssetJobsDto extends createZodDto(AssetJobsSchema) {}

export const AssetIdParamSchema = z.object({ id: z.uuid().describe('Asset ID') });
export class AssetIdParamDto extends createZodDto(AssetIdParamSchema) {}

export const JobsQuerySchema = z.object({ assetId: z.uuid().optional() });
export class JobsQueryDto extends createZodDto(JobsQuerySchema) {}
