/**
 * Immich's `ocr` search filter (searchAssetBuilderLegacy) with the immich-lens matcher. A light entry
 * point: Immich's query builders import it, so it loads no models and no Nest module.
 */
import { RawBuilder } from 'kysely';
import { ocrMatchCondition } from '../search/ocr-match';
import { ocrModeQuery } from '../search/query';
import { asBadRequest } from './search';

/** Every word of the text must occur in the asset's OCR text (segmentation, bigrams, numbers), unranked. */
export function lensOcrFilter(text: string): RawBuilder<boolean> {
  return asBadRequest(() => ocrMatchCondition(ocrModeQuery(text).ocrTerms));
}
