/** A fresh, empty database on the test Postgres server, by URL (for child processes). */
import { createEmptyPostgresDatabase, dropDatabase } from '../search/db';

export async function createPostgresUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const { name, url, admin } = await createEmptyPostgresDatabase('host');
  return {
    url,
    drop: () => dropDatabase(admin, name),
  };
}
