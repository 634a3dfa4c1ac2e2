/**
 * `immich-lens index DIR`: every image under DIR becomes an asset of the local user, read by OCR (and
 * CLIP when a model is configured) through the same job code Immich's jobs use. A file whose size and
 * mtime are unchanged — or whose content hash is — and that already has its results is skipped.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { AssetJobService } from './asset-job.service';
import { IndexedFileRepository } from './indexed-file.repository';

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.bmp', '.gif', '.avif', '.heic', '.heif']);

export interface IndexProgress {
  done: number;
  total: number;
  file: string;
}

export interface IndexSummary {
  files: number;
  indexed: number;
  skipped: number;
  failed: Array<{ file: string; error: string }>;
  ms: number;
}

export interface IndexOptions {
  userId: string;
  clip: boolean;
  /** files read at once (default 1: the ONNX sessions already use every core) */
  concurrency?: number;
  onProgress?: (progress: IndexProgress) => void;
}

export async function listImages(dir: string): Promise<string[]> {
  const root = resolve(dir);
  const info = await stat(root);
  if (!info.isDirectory()) throw new Error(`Not a directory: ${dir}`);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()) && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .filter((file) => !file.slice(root.length).split('/').some((part) => part.startsWith('.')))
    .sort();
}

function sha1(file: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha1');
    createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('error', reject).on('end', () => resolvePromise(hash.digest()));
  });
}

export class DirectoryIndexer {
  constructor(
    private readonly files: IndexedFileRepository,
    private readonly jobs: AssetJobService,
  ) {}

  async index(dir: string, options: IndexOptions): Promise<IndexSummary> {
    const started = performance.now();
    const files = await listImages(dir);
    const summary: IndexSummary = { files: files.length, indexed: 0, skipped: 0, failed: [], ms: 0 };
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < files.length) {
        const file = files[next++];
        try {
          if (await this.indexFile(file, options)) summary.indexed++;
          else summary.skipped++;
        } catch (error) {
          summary.failed.push({ file, error: error instanceof Error ? error.message : String(error) });
        }
        options.onProgress?.({ done: ++done, total: files.length, file });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
    summary.ms = performance.now() - started;
    return summary;
  }

  /** Returns false when the file was skipped as unchanged. */
  private async indexFile(file: string, options: IndexOptions): Promise<boolean> {
    const info = await stat(file);
    const existing = await this.files.findByPath(options.userId, file);
    const complete = existing?.ocrAt && (!options.clip || existing.smartSearchAt);
    if (existing && complete && existing.fileModifiedAt.getTime() === info.mtime.getTime() && Number(existing.fileSizeInByte) === info.size) return false;
    const checksum = await sha1(file);
    if (existing && complete && existing.checksum?.equals(checksum)) {
      await this.files.upsertFile(options.userId, file, { mtime: info.mtime, size: info.size, checksum }); // touched, same content
      return false;
    }
    const id = await this.files.upsertFile(options.userId, file, { mtime: info.mtime, size: info.size, checksum });
    await this.jobs.ocr(id);
    if (options.clip) await this.jobs.smartSearch(id);
    return true;
  }
}
