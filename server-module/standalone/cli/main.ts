import { Command, CommanderError } from 'commander';
import { readStandaloneConfig, type StandaloneConfig } from '../config';
import { registerClipCommand } from './clip-command';
import { registerImportOcrCommand } from './import-ocr-command';
import { registerIndexCommand } from './index-command';
import { registerOcrCommand } from './ocr-command';
import { registerSearchCommand } from './search-command';
import { registerServeCommand } from './serve-command';

/** Reads the environment when a command needs it, so a bad variable fails that command naming the variable. */
export type ConfigSource = () => StandaloneConfig;

/** The `immich-lens` command line; resolves to the process exit code. */
export async function main(argv: string[], env?: Record<string, string | undefined>): Promise<number> {
  const config: ConfigSource = () => readStandaloneConfig(env);
  const program = new Command('immich-lens')
    .description('in-process OCR and CLIP for Immich, and ranked OCR search')
    .exitOverride();
  registerOcrCommand(program, config);
  registerClipCommand(program, config);
  registerIndexCommand(program, config);
  registerSearchCommand(program, config);
  registerServeCommand(program, config);
  registerImportOcrCommand(program, config);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
