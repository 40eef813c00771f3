/**
 * Damage told plainly at start: a damaged first page or a wrong key stops the app with a German message
 * saying what happened and what to do, browser mode serves it as a page, and the vault stays as it was.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../main/app/create-app';
import { startupFailure } from '../../../main/app/startup-failure';
import { appVersion } from '../../../main/app/version';
import { createMemoryLogger } from '../../../main/log/logger';
import { createMemoryStore } from '../../../main/settings/user-settings';
import { KeyFileProvider, VAULT_FILES } from '../../../main/vault';
import { startFailureServer } from '../../../main/web/server';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function start(dir: string, keyFile = 'vault.key') {
  return createApp({
    mode: 'browser',
    demo: false,
    version: appVersion,
    electronVersion: null,
    settingsStore: createMemoryStore(),
    log: createMemoryLogger(),
    profileDir: dir,
    vaultKey: new KeyFileProvider(join(dir, keyFile)),
    managedProfilePaths: [],
  });
}

async function closedProfile(): Promise<{ dir: string; database: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ad-start-'));
  dirs.push(dir);
  await (await start(dir)).close();
  return { dir, database: join(dir, 'vault', VAULT_FILES.database) };
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function failureOf(run: Promise<unknown>) {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error === null) throw new Error('the app started');
  return startupFailure(error);
}

describe('start-up with a damaged vault', () => {
  it('says the database is damaged, to call IT and restore the backup, and leaves the file as it is', async () => {
    const { dir, database } = await closedProfile();
    const bytes = readFileSync(database);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    writeFileSync(database, bytes);
    const before = digest(database);

    const failure = await failureOf(start(dir));
    expect(failure).toMatchObject({ code: 'vault-corrupt', title: 'Antragsdesk kann nicht starten' });
    expect(failure.what).toContain('beschädigt');
    expect(failure.what).toContain('nicht verändert');
    expect(failure.todo).toMatch(/IT.*Sicherung/);
    expect(digest(database)).toBe(before);
  });

  it('tells a wrong key apart from damage', async () => {
    const { dir, database } = await closedProfile();
    const before = digest(database);
    const failure = await failureOf(start(dir, 'another.key'));
    expect(failure.code).toBe('vault-locked');
    expect(failure.what).toContain('Schlüssel');
    expect(digest(database)).toBe(before);
  });

  it('serves the message as a page in browser mode, German first', async () => {
    const error = new Error('SQLITE_NOTADB at /home/anna.schmidt/…');
    const page = await startFailureServer(startupFailure(error), startupFailure(error, 'en'));
    try {
      const response = await fetch(`${page.url}/any/path`);
      const html = await response.text();
      expect(response.status).toBe(503);
      expect(response.headers.get('content-security-policy')).toBeTruthy();
      expect(html).toContain('<html lang="de">');
      expect(html).toContain('Antragsdesk kann nicht starten');
      expect(html).toContain('Antragsdesk cannot start');
      // The error's own message (it may name a path) is not shown.
      expect(html).not.toContain('anna.schmidt');
    } finally {
      await page.close();
    }
  });
});
