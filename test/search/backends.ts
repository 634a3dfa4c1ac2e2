import { createPgliteDatabase, createPostgresDatabase, TestDatabase } from './db';

export const BACKENDS = [
  ['postgres', createPostgresDatabase],
  ['pglite', createPgliteDatabase],
] as const satisfies ReadonlyArray<readonly [string, () => Promise<TestDatabase | null>]>;
