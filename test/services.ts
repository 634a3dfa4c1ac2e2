/**
 * Tests that need a service say so when they are declared: the test PostgreSQL (and its optional
 * rum / zhparser extensions) is probed once per test file, synchronously, in a child process. A
 * missing service never turns a test green:
 * - PostgreSQL, which CI has: outside CI its tests are reported SKIPPED with the reason in their
 *   names; under CI=true they run and fail with the reason (the helpers in search/db.ts throw it).
 * - rum and zhparser, which CI may lack (ci-postgres.sh installs rum when apt has it; zhparser is not
 *   packaged for Debian): their tests are SKIPPED with the reason wherever the extension is missing.
 */
import { spawnSync } from 'node:child_process';

/** Server the tests create their databases on (scripts/ci-postgres.sh sets this one up). */
export const PG_URL = process.env.IMMICH_LENS_TEST_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export type Service = 'postgres' | 'rum' | 'zhparser';

const inCi = process.env.CI === 'true';

const PROBE = `
const { Client } = require(process.argv[1]);
const client = new Client({ connectionString: process.argv[2], connectionTimeoutMillis: 5000 });
client.connect()
  .then(() => client.query("select name from pg_available_extensions where name in ('rum', 'zhparser')"))
  .then((r) => { console.log(JSON.stringify({ extensions: r.rows.map((row) => row.name) })); return client.end(); })
  .catch((error) => console.log(JSON.stringify({ error: error.message })));
`;

let probed: { error?: string; extensions?: string[] } | undefined;

function probe(): { error?: string; extensions?: string[] } {
  if (!probed) {
    const child = spawnSync(process.execPath, ['-e', PROBE, require.resolve('pg'), PG_URL], { encoding: 'utf8', timeout: 20_000 });
    try {
      probed = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '');
    } catch {
      probed = { error: `the probe did not answer (${child.error?.message ?? child.stderr.trim()})` };
    }
  }
  return probed!;
}

/** Why `service` cannot be used here, or undefined when it can. */
export function missing(service: Service): string | undefined {
  const { error, extensions } = probe();
  if (error !== undefined) return `PostgreSQL unreachable at ${PG_URL} (${error}); run scripts/ci-postgres.sh or set IMMICH_LENS_TEST_PG_URL`;
  if (service === 'rum' && !extensions!.includes('rum')) return 'this PostgreSQL has no rum extension (Debian: postgresql-15-rum)';
  if (service === 'zhparser' && !extensions!.includes('zhparser')) return 'this PostgreSQL has no zhparser extension (docker/postgres/install-zhparser.sh)';
  return undefined;
}

/** Whether tests needing `service` are skipped here (it is missing, and CI does not insist on it). */
function skipReason(service: Service): string | undefined {
  const reason = missing(service);
  if (reason === undefined) return undefined;
  return inCi && service === 'postgres' ? undefined : reason;
}

/** `describe`, or `describe.skip` with the reason in the name where `service` is missing (see above). */
export function describeWith(service: Service): (name: string, fn: () => void) => void {
  const reason = skipReason(service);
  return reason === undefined ? describe : (name, fn) => describe.skip(`${name} [skipped: ${reason}]`, fn);
}

/** `it`, or `it.skip` with the reason in the name where `service` is missing (see above). */
export function itWith(service: Service): (name: string, fn: () => Promise<unknown>, timeout?: number) => void {
  const reason = skipReason(service);
  return reason === undefined ? it : (name, fn, timeout) => it.skip(`${name} [skipped: ${reason}]`, fn, timeout);
}
