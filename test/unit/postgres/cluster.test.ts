/**
 * The private cluster: found binaries (or a clear error naming the package), created once in its folder
 * and started again from it with its data, as `npm run server -- --demo` reuses its data folder; the
 * service's role is neither superuser nor exempt from row security. Run as root (CI), the cluster belongs
 * to the `postgres` system user, since initdb refuses root.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { findBinaries, startCluster } from '../../../main/postgres/cluster';

let dir = '';
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('private PostgreSQL cluster', () => {
  it('names the Debian package when no server binaries are found', () => {
    dir = mkdtempSync(join(tmpdir(), 'antragsdesk-nobin-'));
    mkdirSync(join(dir, '15', 'bin'), { recursive: true });
    const missing = () => findBinaries({ root: join(dir, 'none'), path: join(dir, '15', 'bin') });
    expect(missing).toThrow(expect.objectContaining({ code: 'postgres-binaries-missing' }));
    expect(missing).toThrow(/Debian package "postgresql"/);
  });

  it('creates a cluster once in its folder and starts the same one again, with its data', async () => {
    dir = mkdtempSync(join(tmpdir(), 'antragsdesk-cluster-'));
    const first = await startCluster({ dir, ephemeral: true });
    try {
      await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (17)');
      expect(
        await query(first.url, 'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user'),
      ).toEqual([{ rolsuper: false, rolbypassrls: false }]);
      expect(
        await query(first.adminUrl, 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user'),
      ).toEqual([{ rolsuper: true }]);
      expect(new URL(first.url).hostname).toBe('127.0.0.1');
    } finally {
      await first.stop();
    }
    if (process.getuid?.() === 0) {
      const postgresUid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      expect(statSync(join(dir, 'pgdata')).uid).toBe(postgresUid);
    }

    const again = await startCluster({ dir, ephemeral: true });
    try {
      expect(await query(again.url, 'SELECT n FROM kept')).toEqual([{ n: 17 }]);
    } finally {
      await again.stop();
    }
  });

  // Only root hands the cluster to the postgres system user; as anyone else the cluster is one's own.
  it.runIf(process.getuid?.() === 0)(
    'as root, says so clearly when the postgres user cannot reach the folder (skipped unless root)',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'antragsdesk-closed-'));
      chmodSync(dir, 0o700);
      const started = startCluster({ dir: join(dir, 'cluster'), ephemeral: true });
      await expect(started).rejects.toMatchObject({ code: 'postgres-start-failed' });
      await expect(started).rejects.toThrow(/cannot reach the cluster folder/);
    },
  );
});
