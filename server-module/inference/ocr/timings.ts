/** Time spent inside onnxruntime versus everything else, for the benchmark's overhead figure. */
export class InferenceTimings {
  sessionMs = 0;

  async measure<T>(run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await run();
    } finally {
      this.sessionMs += performance.now() - start;
    }
  }
}
