/** The ModelManager's public types (model-manager.ts). */
import type * as ort from 'onnxruntime-node';

export type Feeds = Record<string, ort.Tensor>;
export type Outputs = ort.InferenceSession.OnnxValueMapType;

export type ThreadSpinning = 'always' | 'during-run' | 'never';

export interface ModelManagerOptions {
  intraOpThreads?: number;
  idleUnloadMs?: number;
  maxConcurrentRuns?: number;
  threadSpinning?: ThreadSpinning;
  preload?: string[];
  log?: (line: string) => void;
}

export interface ModelOptions {
  /** merged over the manager's defaults when the session is created */
  sessionOptions?: ort.InferenceSession.SessionOptions;
  /** overrides the manager's maxConcurrentRuns for this file (first handle on a file decides) */
  maxConcurrentRuns?: number;
}

export interface ModelInfo {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
}

export interface ModelStats {
  loaded: boolean;
  loads: number;
  unloads: number;
  runs: number;
  activeRuns: number;
  peakActiveRuns: number;
  waitingRuns: number;
  /** total wall time spent awaiting session.run */
  runMs: number;
}
