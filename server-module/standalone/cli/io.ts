import { InvalidArgumentError } from 'commander';
import type { ConfigSource } from './main';

/** Where a command writes: stdout/stderr in the CLI, arrays in tests. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** commander option parsers: InvalidArgumentError makes commander print a one-line usage error (exit 2), not a stack. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return n;
}

/**
 * Runs a model command (`ocr`, `clip`) with `--threads`, else IMMICH_LENS_THREADS; an unusable
 * environment is one line naming the variable and exit code 2. Sets the process exit code.
 */
export async function runModelCommand<T extends { threads?: number }>(name: string, opts: T, config: ConfigSource, io: CliIo, run: (opts: T) => Promise<number>): Promise<void> {
  let threads: number | undefined;
  try {
    threads = opts.threads ?? config().inference.threads;
  } catch (error) {
    io.err(`${name}: ${(error as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const code = await run({ ...opts, threads });
  if (code !== 0) process.exitCode = code;
}
