/** A fresh, empty database on the test Postgres server, by URL (for child processes). */
import { createEmptyPostgresDatabase } from '../search/db';

export async function createPostgresUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const created = await createEmptyPostgresDatabase('host');
  if (!created) return null;
  const { name, url, admin } = created;
  return {
    url,
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
