/**
 * `immich-lens search "QUERY"` — ranked results, best first: score(s), original path and the OCR lines
 * that matched. `--json`: one JSON object per result per line. A malformed query is exit code 2.
 */
import type { Command } from 'commander';
import { SearchQueryError } from '../../search/query';
import { withStandaloneContext } from '../open-standalone';
import { SearchService } from '../search.service';
import { CliIo, finiteNumber, processIo, runReported } from './io';
import type { ConfigSource } from './main';
import { DatabaseCliOptions, ModelCliOptions, standaloneFlags, withDatabaseOptions, withModelOptions } from './standalone-options';

export interface SearchCliOptions extends DatabaseCliOptions, ModelCliOptions {
  json?: boolean;
  limit?: number;
}

export async function runSearch(query: string, opts: SearchCliOptions, config: ConfigSource, io: CliIo = processIo): Promise<number> {
  return withStandaloneContext(config(), standaloneFlags(opts, io), async (standalone, context) => {
    const service = context.get(SearchService);
    let result;
    try {
      result = await service.searchAssets({ user: { id: standalone.userId } }, { query, size: opts.limit ?? 20 });
    } catch (error) {
      if (error instanceof SearchQueryError) {
        io.err(`search: ${error.message}`);
        return 2;
      }
      throw error;
    }
    if (opts.json) {
      for (const item of result.items) {
        io.out(
          JSON.stringify({
            path: item.originalPath,
            assetId: item.assetId,
            score: item.score,
            ocrScore: item.ocrScore,
            ocrRank: item.ocrRank,
            clipDistance: item.clipDistance,
            clipRank: item.clipRank,
            lines: item.matchedLines,
          }),
        );
      }
    } else if (result.items.length === 0) {
      io.out('no results');
    } else {
      result.items.forEach((item, i) => {
        const scores = [`score ${item.score.toFixed(4)}`];
        if (result.mode === 'hybrid' && item.ocrScore !== null) scores.push(`ocr ${item.ocrScore.toFixed(4)}`);
        if (item.clipDistance !== null) scores.push(`clip distance ${item.clipDistance.toFixed(4)}`);
        io.out(`${String(i + 1).padStart(3)}. ${item.originalPath}  (${scores.join(', ')})`);
        for (const line of item.matchedLines) io.out(`       │ ${line}`);
      });
    }
    return 0;
  });
}

export function registerSearchCommand(program: Command, config: ConfigSource, io: CliIo = processIo): void {
  const command = program
    .command('search')
    .description('search indexed photos: ocr:word, ocr:"a phrase", -ocr:word, free text (CLIP with --clip-model)')
    .argument('<query>', 'search query')
    .option('--json', 'one JSON object per result, best first')
    .option('--limit <n>', 'results to show (default 20)', finiteNumber);
  withModelOptions(withDatabaseOptions(command)).action(async (query: string, opts: SearchCliOptions) => {
    await runReported('search', io, () => runSearch(query, opts, config, io));
  });
}
