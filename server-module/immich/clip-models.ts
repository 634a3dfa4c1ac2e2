/**
 * Entries for Immich's CLIP_MODEL_INFO (model name → embedding size) for the CLIP models immich-lens
 * adds: the Chinese-CLIP exports of models/clip-models.json (a test keeps the two in step).
 */
export const LENS_CLIP_MODEL_INFO: Record<string, { dimSize: number }> = {
  'cn-clip-ViT-B-16': { dimSize: 512 },
  'cn-clip-ViT-L-14': { dimSize: 768 },
};
