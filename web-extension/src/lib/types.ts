/**
 * Immich types the extension uses, from @immich/sdk (v3.1.0, the pinned host), plus the two job
 * names immich-lens adds. The names live here until the patched SDK declares them; then this file
 * re-exports the SDK's AssetJobName and nothing else changes.
 */
import type { AssetJobName, AssetJobsDto, AssetOcrResponseDto } from '@immich/sdk';

export type LensJobName = 'regenerate-ocr' | 'regenerate-clip';
export const LENS_JOB_NAMES: readonly LensJobName[] = ['regenerate-ocr', 'regenerate-clip'];

/** AssetJobName of the patched SDK. */
export type PatchedAssetJobName = AssetJobName | LensJobName;
export type PatchedAssetJobsDto = Omit<AssetJobsDto, 'name'> & { name: PatchedAssetJobName };

export type OcrLine = AssetOcrResponseDto;

/** One result of POST /search/smart|ocr: Immich's asset id plus the ranking and the matched OCR lines. */
export interface LensSearchItem {
  id: string;
  originalPath: string;
  fileCreatedAt?: string;
  score: number;
  ocrScore?: number | null;
  clipDistance?: number | null;
  matchedLines: string[];
}

export interface LensSearchResponse {
  assets: { items: LensSearchItem[]; count: number; total: number; nextPage: string | null; mode?: string };
}
