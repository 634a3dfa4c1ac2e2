/** Errors the model manager and the engines built on it raise; all name the model file. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly modelPath: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The file is missing, unreadable, empty or not a loadable ONNX model. */
export class ModelLoadError extends ModelError {}

/** The feeds do not match the inputs the model declares (names, element type, rank or fixed dims). */
export class ModelInputError extends ModelError {}

/** A model's output does not have the dimension its configuration promises (e.g. embed_dim). */
export class ModelDimensionError extends ModelError {}
