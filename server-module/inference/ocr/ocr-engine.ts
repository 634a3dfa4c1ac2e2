import { type ImageInput, openImage, type RgbImage } from '../image-decoder';
import { ModelInfo, ModelManager } from '../model-manager';
import { DirectionClassifier } from './classification';
import { TextDetector } from './detection';
import { assertDictionaryMatches, loadDictionary } from './dictionary';
import { workingImage } from './input-stage';
import { OcrModelFiles } from './ocr-models';
import { readingRows } from '../../ocr-text/reading-order';
import { TextRecogniser } from './recognition';
import { lineDirections, pageUpsideDown } from './orientation';
import { flip180, TextLine, toTextLines } from './text-line';
import { DEFAULT_OCR_OPTIONS, OCR, OcrOptions } from './types';

export interface OcrRun extends OCR {
  /** Image size after EXIF orientation; boxes are fractions of it. */
  width: number;
  height: number;
}

/** Smallest side worth detecting on: below it the image holds no legible line. */
const MIN_SIDE = 8;

/** Detection → (direction classification) → recognition, returning Immich's `OCR` shape. */
export class OcrEngine {
  private constructor(
    readonly model: OcrModelFiles,
    private readonly manager: ModelManager,
    private readonly detector: TextDetector,
    private readonly recogniser: TextRecogniser,
    private readonly classifier: DirectionClassifier | undefined,
  ) {}

  /**
   * Loads the dictionary and the stage sessions through `manager` (which may unload them when idle and
   * reload them on the next run). Missing or corrupt files fail here, naming the file.
   */
  static async load(model: OcrModelFiles, manager: ModelManager = new ModelManager()): Promise<OcrEngine> {
    const dictionary = await loadDictionary(model.recognition, model.dictionary);
    const files = [model.detection, model.recognition, ...(model.classification ? [model.classification] : [])];
    await manager.preload(files);
    const classes = outputClasses(await manager.info(model.recognition));
    if (classes !== undefined) assertDictionaryMatches(dictionary, classes, model.recognition);
    return new OcrEngine(
      model,
      manager,
      new TextDetector(manager.model(model.detection), model.detectionNormalization),
      new TextRecogniser(manager.model(model.recognition), dictionary),
      model.classification ? new DirectionClassifier(manager.model(model.classification)) : undefined,
    );
  }

  async run(input: ImageInput, options: Partial<OcrOptions> = {}): Promise<OcrRun> {
    const opts = { ...DEFAULT_OCR_OPTIONS, ...options };
    const image = await openImage(input);
    const rgb = await workingImage(image);
    const result: OcrRun = { text: [], box: [], boxScore: [], textScore: [], width: image.width, height: image.height };

    if (rgb.width < MIN_SIDE || rgb.height < MIN_SIDE) return result;
    const boxes = await this.detector.detect(rgb, opts);
    const read = (await this.readLines(rgb, toTextLines(boxes), opts.minRecognitionScore))
      .map((r) => ({ ...r, text: r.text.trim() }))
      .filter((r) => r.text !== '' && r.score >= opts.minRecognitionScore);
    // corners from the text's top-left, as Immich's boxes are: the box of a line read upside down starts
    // at its bottom right, that of a vertical line (read turned) at its top right, so the boxes alone
    // tell every later reader which way each line runs
    const corners = read.flatMap(({ line }) => line.box.flatMap(([x, y]) => [fraction(x, rgb.width), fraction(y, rgb.height)]));
    for (const i of readingRows(corners, rgb.width / rgb.height).flat()) {
      result.text.push(read[i].text);
      result.box.push(...corners.slice(i * 8, i * 8 + 8));
      result.boxScore.push(read[i].line.detection.score);
      result.textScore.push(read[i].score);
    }
    return result;
  }

  /**
   * Reads each line in its direction: the page's (upside down when most of its text is, by the
   * classifier's length-weighted votes), or the other where the classifier is sure of it. A line read
   * against the page, or read below `minScore` (it would be dropped), is read the other way too and
   * the better reading wins: the small v2 classifier errs on some lines, and a line read the wrong
   * way round reads as garbage with a low score.
   */
  private async readLines(rgb: RgbImage, detected: TextLine[], minScore: number) {
    if (detected.length === 0) return [];
    const upsideDown = this.classifier ? await this.classifier.upsideDown(rgb, detected) : detected.map(() => 0);
    const page = pageUpsideDown(upsideDown, detected);
    const turned = lineDirections(upsideDown, page);
    const oriented = detected.map((line, i) => (turned[i] ? flip180(line) : line));
    const lines = (await this.recogniser.recognise(rgb, oriented)).map((r, i) => ({ line: oriented[i], ...r }));
    const retry = lines.flatMap((r, i) => (turned[i] !== page || r.score < minScore ? [i] : []));
    const other = retry.map((i) => (turned[i] ? detected[i] : flip180(detected[i])));
    (await this.recogniser.recognise(rgb, other)).forEach((r, k) => {
      if (r.score > lines[retry[k]].score) lines[retry[k]] = { line: other[k], ...r };
    });
    return lines;
  }

  /** Releases this engine's sessions (the manager reloads them if the engine runs again). */
  async release(): Promise<void> {
    const files = [this.model.detection, this.model.recognition, this.model.classification];
    await Promise.all(files.filter((f): f is string => !!f).map((f) => this.manager.unload(f)));
  }
}

/** A coordinate as a fraction of the image side, inside [0, 1] as Immich stores boxes. */
function fraction(v: number, side: number): number {
  return Math.min(1, Math.max(0, v / side));
}

/** The recognition model's class count when its output shape declares it ([N, T, classes]). */
function outputClasses(info: ModelInfo): number | undefined {
  const meta = info.outputMetadata[0] as { shape?: readonly (number | string)[] } | undefined;
  const last = meta?.shape?.at(-1);
  return typeof last === 'number' ? last : undefined;
}
