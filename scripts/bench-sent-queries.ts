/**
 * The statements a search sends, recorded as it runs through its public methods: for EXPLAIN in the
 * benchmark and the tests, and for the generated SQL in sql/queries/ (test/search/generated-sql.test.ts).
 */
import { CompiledQuery, Kysely, KyselyPlugin, SelectQueryNode } from 'kysely';

/**
 * `db` recording every SELECT sent that was built with the query builder (not the raw settings and
 * EXPLAINs around it). Plugins also see the builders nested in a statement: only what comes back as a
 * result was sent.
 */
export function recordingDb<DB>(db: Kysely<DB>): { db: Kysely<DB>; sent: CompiledQuery[] } {
  const sent: CompiledQuery[] = [];
  const built = new Map<string, CompiledQuery>();
  const executor = db.getExecutor();
  const plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      if (SelectQueryNode.is(node)) built.set(queryId.queryId, executor.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      const query = built.get(queryId.queryId);
      if (query) sent.push(query);
      built.clear();
      return result;
    },
  };
  return { db: db.withPlugin(plugin), sent };
}

/** EXPLAIN (with `options`, e.g. 'analyze') of a recorded statement, the plan's lines. */
export async function explainSent(db: Kysely<any>, query: CompiledQuery, options = ''): Promise<string[]> {
  const { rows } = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`explain ${options ? `(${options}) ` : ''}${query.sql}`, [...query.parameters]));
  return rows.map((row) => String(row['QUERY PLAN']));
}
