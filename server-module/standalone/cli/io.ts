import { InvalidArgumentError } from 'commander';
import type { ConfigSource } from './main';

/** Where a command writes: stdout/stderr in the CLI, arrays in tests. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** a terminal for a redrawn progress line (none in tests, or when stderr is piped) */
  progress?: NodeJS.WriteStream;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  progress: process.stderr.isTTY ? process.stderr : undefined,
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

/** Runs a command; an error it throws (missing directory, unreachable database, bad model or variable) is one line on stderr and exit code 2. */
export async function runReported(name: string, io: CliIo, run: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await run();
  } catch (error) {
    io.err(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    code = 2;
  }
  if (code !== 0) process.exitCode = code;
}

/** What a model command (`ocr`, `clip`) takes from the environment when its flags do not say. */
export interface ModelDefaults {
  threads?: number;
  cacheFolder: string;
}

/**
 * Runs a model command (`ocr`, `clip`) with `--threads`, else IMMICH_LENS_THREADS, and the model cache
 * from MACHINE_LEARNING_CACHE_FOLDER; an unusable environment is one line naming the variable and exit code 2.
 */
export async function runModelCommand(name: string, config: ConfigSource, io: CliIo, run: (defaults: ModelDefaults) => Promise<number>): Promise<void> {
  await runReported(name, io, async () => {
    const { threads, cacheFolder } = config().inference;
    return run({ threads, cacheFolder });
  });
}
