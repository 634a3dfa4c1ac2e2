/**
 * `immich-lens import-ocr FILE.jsonl` — OCR text produced elsewhere, one `{"path","text"}` per line,
 * stored as the OCR of the asset with that original path (created if needed) through the same
 * segmentation and indexing as OCR results. Idempotent per path. Bad lines are reported (exit code 1)
 * and the rest are imported.
 */
import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { AssetRepository } from '../asset.repository';
import { ocrFromText } from '../../ocr-text/ocr-boxes';
import { IndexedFileRepository } from '../indexed-file.repository';
import { openStandalone } from '../open-standalone';
import { CliIo, finiteNumber, processIo, runReported } from './io';
import type { ConfigSource } from './main';
import { DatabaseCliOptions, standaloneFlags, withDatabaseOptions } from './standalone-options';

export interface ImportOcrCliOptions extends DatabaseCliOptions {
  /** records written per transaction */
  batch?: number;
}

export async function runImportOcr(file: string, opts: ImportOcrCliOptions, config: ConfigSource, io: CliIo = processIo): Promise<number> {
  await access(file, constants.R_OK);
  const standalone = await openStandalone(config(), standaloneFlags(opts, io));
  const paths = new IndexedFileRepository(standalone.database.db);
  const assets = new AssetRepository(standalone.database.db);
  const batchSize = opts.batch ?? 500;
  const started = performance.now();
  let imported = 0;
  const errors: string[] = [];
  type Row = { line: number; path: string; text: string };
  const write = async (rows: Row[]) => {
    const ids = await paths.ensurePaths(standalone.userId, rows.map((r) => r.path));
    await assets.replaceOcrMany(rows.map((r) => ({ assetId: ids.get(r.path)!, ocr: ocrFromText(r.text) })));
  };
  const flush = async (batch: Row[]) => {
    if (batch.length === 0) return;
    try {
      await write(batch);
      imported += batch.length;
    } catch {
      // find the record the database refused; the others still go in
      for (const row of batch) {
        try {
          await write([row]);
          imported++;
        } catch (error) {
          errors.push(`${file}:${row.line}: ${(error as Error).message}`);
        }
      }
    }
  };
  try {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let lineNo = 0;
    let batch: Row[] = [];
    for await (const raw of lines) {
      lineNo++;
      if (raw.trim() === '') continue;
      try {
        batch.push({ line: lineNo, ...parseRecord(raw) });
      } catch (error) {
        errors.push(`${file}:${lineNo}: ${(error as Error).message}`);
      }
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    await flush(batch);
  } finally {
    await standalone.database.close();
  }
  for (const e of errors) io.err(e);
  io.out(`${imported} OCR texts imported, ${errors.length} lines rejected, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return errors.length > 0 ? 1 : 0;
}

function parseRecord(raw: string): { path: string; text: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`);
  }
  const record = value as { path?: unknown; text?: unknown };
  if (typeof value !== 'object' || value === null || typeof record.path !== 'string' || record.path === '') throw new Error('expected {"path": "...", "text": "..."} with a non-empty path');
  if (typeof record.text !== 'string') throw new Error('"text" must be a string');
  if (record.path.includes('\0') || record.text.includes('\0')) throw new Error('NUL character in path or text');
  return { path: record.path, text: record.text };
}

export function registerImportOcrCommand(program: Command, config: ConfigSource, io: CliIo = processIo): void {
  const command = program
    .command('import-ocr')
    .description('import OCR text produced elsewhere: one {"path","text"} JSON object per line')
    .argument('<file>', 'JSON Lines file')
    .option('--batch <n>', 'records written per transaction (default 500; a later line for the same path wins)', finiteNumber);
  withDatabaseOptions(command).action(async (file: string, opts: ImportOcrCliOptions) => {
    await runReported('import-ocr', io, () => runImportOcr(file, opts, config, io));
  });
}
