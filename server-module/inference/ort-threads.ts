/** onnxruntime-node's intra-op threads: how many, and whether they busy-wait (see model-manager.ts). */
import * as os from 'node:os';
import type { ThreadSpinning } from './model-types';

/** ORT session config entries (SessionOptions.extra) for a spinning policy. */
export function spinningConfig(spinning: ThreadSpinning): Record<string, unknown> {
  if (spinning === 'never') return { session: { intra_op: { allow_spinning: '0' } } };
  if (spinning === 'during-run') return { session: { force_spinning_stop: '1' } };
  return {};
}

export function defaultThreadCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
