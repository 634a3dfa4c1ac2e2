import { Command, CommanderError } from 'commander';
import { registerClipCommand } from './clip-command';
import { registerImportOcrCommand } from './import-ocr-command';
import { registerIndexCommand } from './index-command';
import { registerSearchCommand } from './search-command';
import { registerServeCommand } from './serve-command';
import { registerOcrCommand } from './ocr-command';

/** The `immich-lens` command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('immich-lens')
    .description('in-process OCR and CLIP for Immich, and ranked OCR search')
    .exitOverride();
  registerOcrCommand(program);
  registerClipCommand(program);
  registerIndexCommand(program);
  registerSearchCommand(program);
  registerServeCommand(program);
  registerImportOcrCommand(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
