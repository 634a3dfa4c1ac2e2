/** A fresh, empty database on the test Postgres server, by URL (for child processes). */
import { createEmptyPostgresDatabase, dropDatabase } from '../search/db';

export async function createPostgresUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const created = await createEmptyPostgresDatabase('host');
  if (!created) return null;
  const { name, url, admin } = created;
  return {
    url,
    drop: () => dropDatabase(admin, name),
  };
}
