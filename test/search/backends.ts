import { createPgliteDatabase, createPostgresDatabase, createPostgresRumDatabase, TestDatabase } from './db';

type Backend = readonly [string, () => Promise<TestDatabase | null>];

export const BACKENDS = [
  ['postgres', createPostgresDatabase],
  ['pglite', createPgliteDatabase],
] as const satisfies ReadonlyArray<Backend>;

/** The search suites also run on the opt-in RUM index (sql/immich-lens/rum.sql), a path of its own. */
export const SEARCH_BACKENDS = [...BACKENDS, ['postgres with the RUM index', createPostgresRumDatabase]] as const satisfies ReadonlyArray<Backend>;
