/** Users and API keys of the standalone host (Immich's `user` / `api_key` tables). */
import { createHash, randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import type { StandaloneDatabase } from './types';

export const LOCAL_USER_EMAIL = 'local@immich-lens';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The user with this e-mail, created on first use. */
export async function ensureUser(db: Kysely<StandaloneDatabase>, email = LOCAL_USER_EMAIL, name = 'local'): Promise<string> {
  await db.insertInto('user').values({ email, name }).onConflict((oc) => oc.column('email').doNothing()).execute();
  const row = await db.selectFrom('user').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

/** A new API key for the user; returns the secret (only its hash is stored). */
export async function createApiKey(db: Kysely<StandaloneDatabase>, userId: string, name = 'immich-lens', permissions = ['all'], secret?: string): Promise<string> {
  const key = secret ?? randomBytes(24).toString('base64url');
  await db.insertInto('api_key').values({ name, key: hashApiKey(key), userId, permissions }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return key;
}
