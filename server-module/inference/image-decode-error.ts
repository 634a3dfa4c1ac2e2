/** An image that cannot be decoded (missing, empty, corrupt, unsupported); the message names the file. */
export class ImageDecodeError extends Error {
  constructor(
    message: string,
    /** the file path, or a description of the buffer */
    readonly input: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ImageDecodeError';
  }
}

/** How error messages name an image input. */
export function describeImageInput(input: string | Buffer): string {
  return typeof input === 'string' ? input : `<buffer of ${input.length} bytes>`;
}
