/**
 * Immich types the extension uses, from @immich/sdk (v3.1.0, the pinned host, with
 * patches/npm/@immich+sdk+3.1.0.patch: the two job names immich-lens adds).
 */
import { AssetJobName, type AssetOcrResponseDto } from '@immich/sdk';

/** The job names immich-lens adds, as the patched SDK declares them (string literals accepted). */
export type LensJobName = `${AssetJobName.RegenerateOcr}` | `${AssetJobName.RegenerateClip}`;
export const LENS_JOB_NAMES: readonly LensJobName[] = [AssetJobName.RegenerateOcr, AssetJobName.RegenerateClip];

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
