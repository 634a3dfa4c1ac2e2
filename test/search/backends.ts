import { describeWith, Service } from '../services';
import { createPgliteDatabase, createPostgresDatabase, createPostgresRumDatabase, TestDatabase } from './db';

/** A database backend the suites run on: its name, how to make one, and the service it needs (none for PGlite). */
type Backend = readonly [string, () => Promise<TestDatabase>, Service?];

export const BACKENDS = [
  ['postgres', createPostgresDatabase, 'postgres'],
  ['pglite', createPgliteDatabase],
] as const satisfies ReadonlyArray<Backend>;

/** The search suites also run on the opt-in RUM index (sql/immich-lens/rum.sql), a path of its own. */
export const SEARCH_BACKENDS = [...BACKENDS, ['postgres with the RUM index', createPostgresRumDatabase, 'rum']] as const satisfies ReadonlyArray<Backend>;

/** describe.each over backends, each suite skipped (with the reason) or failed under CI as its service says (../services). */
export function describeEachBackend(backends: ReadonlyArray<Backend>, title: string, suite: (name: string, create: () => Promise<TestDatabase>) => void): void {
  for (const [name, create, service] of backends) {
    (service ? describeWith(service) : describe)(title.replace('%s', name), () => suite(name, create));
  }
}
