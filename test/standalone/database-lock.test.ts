/** The embedded database directory is one process's: a live owner's lock refuses a second opener. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseInUseError, openStandaloneDatabase } from '../../server-module/standalone/database';

describe('embedded database lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'immich-lens-lock-'));
    mkdirSync(join(dir, 'pgdata'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a directory another live process holds, naming it, and leaves its lock alone', async () => {
    writeFileSync(join(dir, 'pgdata', 'immich-lens.pid'), String(process.pid));
    const opening = openStandaloneDatabase({ dataDir: dir, url: '' });
    await expect(opening).rejects.toThrow(DatabaseInUseError);
    await expect(opening).rejects.toThrow(new RegExp(`in use by process ${process.pid}`));
    expect(existsSync(join(dir, 'pgdata', 'immich-lens.pid'))).toBe(true);
  });
});
