/** Immich's `OCR` shape (server/src/repositories/machine-learning.repository.ts). Boxes are 8 numbers
 *  per text (x1,y1 … x4,y4, clockwise from the text's top-left), as fractions of image width/height. */
export interface OCR {
  text: string[];
  box: number[];
  boxScore: number[];
  textScore: number[];
}

/** Immich's `machineLearning.ocr` settings that reach the model. */
export interface OcrOptions {
  minDetectionScore: number;
  minRecognitionScore: number;
  maxResolution: number;
}

export const DEFAULT_OCR_OPTIONS: OcrOptions = {
  minDetectionScore: 0.5,
  minRecognitionScore: 0.8,
  maxResolution: 736,
};

export type Point = [number, number];
/** Four corners: top-left, top-right, bottom-right, bottom-left (in the text's own orientation). */
export type Quad = [Point, Point, Point, Point];

export interface DetectedBox {
  quad: Quad;
  score: number;
}
