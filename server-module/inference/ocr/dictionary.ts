import { readFile } from 'node:fs/promises';
import { readOnnxMetadata } from '../onnx-metadata';
import { ModelDimensionError, ModelLoadError } from '../model-errors';

/**
 * The recognition model's character list, index 0 being the CTC blank. PaddleOCR appends a
 * space class after the dictionary (`use_space_char`), so a model has `characters.length` outputs.
 */
export interface CharacterDictionary {
  characters: string[];
  source: string;
}

export async function loadDictionary(recognitionModel: string, dictionaryFile?: string): Promise<CharacterDictionary> {
  if (dictionaryFile) {
    let text: string;
    try {
      text = await readFile(dictionaryFile, 'utf8');
    } catch {
      throw new ModelLoadError(`OCR dictionary not found: ${dictionaryFile}`, dictionaryFile);
    }
    return { characters: fromLines(text), source: dictionaryFile };
  }
  const metadata = await readOnnxMetadata(recognitionModel).catch(() => ({}) as Record<string, string>);
  if (metadata.character) {
    return { characters: fromLines(metadata.character), source: `${recognitionModel} (metadata)` };
  }
  throw new ModelLoadError(
    `OCR recognition model has no 'character' metadata and no dictionary file beside it: ${recognitionModel}`,
    recognitionModel,
  );
}

function fromLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return ['', ...lines, ' '];
}

export function assertDictionaryMatches(dictionary: CharacterDictionary, classes: number, model: string): void {
  if (classes !== dictionary.characters.length) {
    throw new ModelDimensionError(
      `OCR recognition model ${model} predicts ${classes} classes but dictionary ${dictionary.source} has ` +
        `${dictionary.characters.length - 2} characters (+ blank + space = ${dictionary.characters.length})`,
      model,
    );
  }
}
