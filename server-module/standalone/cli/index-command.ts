/**
 * `immich-lens index DIR` — OCR (and CLIP with --clip-model) for every image under DIR, into the
 * standalone database; unchanged files are skipped. Exit code 1 when some files could not be read.
 */
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { AssetJobService } from '../asset-job.service';
import { DirectoryIndexer, IndexProgress } from '../directory-indexer';
import { IndexedFileRepository } from '../indexed-file.repository';
import { withStandaloneContext } from '../open-standalone';
import { SearchService } from '../search.service';
import { CliIo, finiteNumber, processIo, runReported } from './io';
import type { ConfigSource } from './main';
import { DatabaseCliOptions, ModelCliOptions, standaloneFlags, withDatabaseOptions, withModelOptions } from './standalone-options';

export interface IndexCliOptions extends DatabaseCliOptions, ModelCliOptions {
  concurrency?: number;
}

/** One redrawn line on a terminal (hand-written: ten lines, no dependency); nothing when piped. */
function progressBar(stream: NodeJS.WriteStream | undefined) {
  return ({ done, total, file }: IndexProgress) => {
    if (!stream?.isTTY) return;
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    const name = file.length > 40 ? '…' + file.slice(-39) : file;
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${name}`.padEnd(stream.columns ? stream.columns - 1 : 100));
    if (done === total) stream.write('\n');
  };
}

export async function runIndex(dir: string, opts: IndexCliOptions, config: ConfigSource, io: CliIo = processIo): Promise<number> {
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new Error(`not a directory: ${dir}`);
  return withStandaloneContext(config(), standaloneFlags(opts, io), async (standalone, context) => {
    const clip = context.get(SearchService).clipAvailable();
    const indexer = new DirectoryIndexer(new IndexedFileRepository(standalone.database.db), context.get(AssetJobService));
    const summary = await indexer.index(dir, { userId: standalone.userId, clip, concurrency: opts.concurrency, onProgress: progressBar(io.progress) });
    for (const { file, error } of summary.failed) io.err(`${file}: ${error}`);
    io.out(`${summary.files} images in ${dir}: ${summary.indexed} indexed (OCR${clip ? ' + CLIP' : ''}), ${summary.skipped} unchanged, ${summary.failed.length} failed, ${(summary.ms / 1000).toFixed(1)} s`);
    io.out(`database: ${standalone.database.backend} ${standalone.database.location}`);
    return summary.failed.length > 0 ? 1 : 0;
  });
}

export function registerIndexCommand(program: Command, config: ConfigSource, io: CliIo = processIo): void {
  const command = program
    .command('index')
    .description('OCR (and CLIP) every image under a directory into the search database; unchanged files are skipped')
    .argument('<dir>', 'directory of photos (searched recursively)')
    .option('--concurrency <n>', 'files read at once (default 1)', finiteNumber);
  withModelOptions(withDatabaseOptions(command)).action(async (dir: string, opts: IndexCliOptions) => {
    await runReported('index', io, () => runIndex(dir, opts, config, io));
  });
}
