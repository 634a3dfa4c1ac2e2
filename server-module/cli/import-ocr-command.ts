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
import { openStandalone } from '../nest/host/standalone';
import { LensAssetRepository } from '../nest/lens-asset.repository';
import { StandaloneAssetRepository } from '../nest/standalone-asset.repository';
import { ocrFromText } from '../nest/imported-ocr';
import { number, runReported, standaloneOptions, withDatabaseOptions } from './standalone-options';

export async function runImportOcr(file: string, opts: Record<string, unknown>): Promise<number> {
  await access(file, constants.R_OK);
  const standalone = await openStandalone(standaloneOptions(opts));
  const paths = new StandaloneAssetRepository(standalone.database.db);
  const assets = new LensAssetRepository(standalone.database.db);
  const started = performance.now();
  let imported = 0;
  const errors: string[] = [];
  const concurrency = standalone.database.backend === 'pglite' ? 1 : ((opts.concurrency as number | undefined) ?? 4);
  const pending = new Set<Promise<void>>();
  try {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo++;
      if (raw.trim() === '') continue;
      const n = lineNo;
      let record: { path: string; text: string };
      try {
        record = parseRecord(raw);
      } catch (error) {
        errors.push(`${file}:${n}: ${(error as Error).message}`);
        continue;
      }
      const task = (async () => {
        const id = await paths.ensurePath(standalone.userId, record.path);
        await assets.replaceOcr(id, ocrFromText(record.text));
        imported++;
      })().catch((error) => void errors.push(`${file}:${n}: ${(error as Error).message}`));
      pending.add(task);
      void task.finally(() => pending.delete(task));
      if (pending.size >= concurrency) await Promise.race(pending);
    }
    await Promise.all(pending);
  } finally {
    await standalone.database.close();
  }
  for (const e of errors) process.stderr.write(e + '\n');
  process.stdout.write(`${imported} OCR texts imported, ${errors.length} lines rejected, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
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

export function registerImportOcrCommand(program: Command): void {
  const command = program
    .command('import-ocr')
    .description('import OCR text produced elsewhere: one {"path","text"} JSON object per line')
    .argument('<file>', 'JSON Lines file')
    .option('--concurrency <n>', 'assets written at once on PostgreSQL (default 4)', number);
  withDatabaseOptions(command).action(async (file: string, opts: Record<string, unknown>) => {
    await runReported('import-ocr', () => runImportOcr(file, opts));
  });
}
