import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openVault, VAULT_FILES, type VaultError } from '../../../main/vault';
import { newKey, openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';

let current: TestVault | null = null;
afterEach(() => {
  current?.cleanup();
  current = null;
});

function catchError(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (error) {
    return error as VaultError;
  }
  throw new Error('expected an error');
}

/** Many cases with padding, so the cases table spans many pages and damage hits some of them only. */
function fillCases(t: TestVault, count: number): string[] {
  return t.vault.transaction(() =>
    Array.from(
      { length: count },
      (_, i) =>
        t.vault.cases.storeIntake(sampleIntake({ applicantName: `Antragsteller ${i} ${'x'.repeat(300)}` }))
          .caseId,
    ),
  );
}

/** Pages of a table's b-tree, read with the right key through SQLite's dbstat table. */
function pagesOf(t: TestVault, table: string): number[] {
  const db = new Database(join(t.dir, VAULT_FILES.database), { readonly: true });
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${t.key.toString('hex')}'"`);
  const pages = (
    db.prepare('SELECT pageno FROM dbstat WHERE name = ?').all(table) as { pageno: number }[]
  ).map((row) => row.pageno);
  db.close();
  return pages;
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

describe('openVault', () => {
  it('creates an encrypted vault with WAL, full sync and foreign keys, and opens it again with the key', () => {
    current = openTestVault();
    const { caseId } = current.vault.cases.storeIntake(sampleIntake());
    current.vault.close();
    const vault = current.reopen();
    expect(vault.cases.get(caseId).case.applicantName).toBe('Jürgen Müller');
    expect(vault.integrityCheck()).toEqual([]);
    const settings = vault.transaction(({ db }) => ({
      journal: db.pragma('journal_mode', { simple: true }),
      synchronous: db.pragma('synchronous', { simple: true }),
      foreignKeys: db.pragma('foreign_keys', { simple: true }),
      tempStore: db.pragma('temp_store', { simple: true }),
    }));
    expect(settings).toEqual({ journal: 'wal', synchronous: 2, foreignKeys: 1, tempStore: 2 });
    // Not an SQLite file in the clear: the header magic is encrypted away.
    expect(readFileSync(join(current.dir, VAULT_FILES.database)).subarray(0, 15).toString('latin1')).not.toBe(
      'SQLite format 3',
    );
  });

  it('refuses a key that is not 256 bits', () => {
    current = openTestVault();
    current.vault.close();
    expect(catchError(() => openVault({ dir: current?.dir ?? '', key: Buffer.alloc(16) })).code).toBe(
      'vault-invalid-key',
    );
  });

  it('reports a wrong key as vault-locked', () => {
    current = openTestVault();
    current.vault.cases.storeIntake(sampleIntake());
    current.vault.close();
    const error = catchError(() => openVault({ dir: current?.dir ?? '', key: newKey() }));
    expect(error.code).toBe('vault-locked');
  });

  it('reports a wrong key as vault-locked even when the key check file is gone', () => {
    current = openTestVault();
    current.vault.close();
    unlinkSync(join(current.dir, VAULT_FILES.keyCheck));
    expect(catchError(() => openVault({ dir: current?.dir ?? '', key: newKey() })).code).toBe('vault-locked');
    // The right key still opens it and writes the key check again.
    current.reopen();
    expect(statSync(join(current.dir, VAULT_FILES.keyCheck)).isFile()).toBe(true);
  });

  it('reports a damaged first page as vault-corrupt, not as a wrong key', () => {
    current = openTestVault();
    current.vault.cases.storeIntake(sampleIntake());
    current.vault.close();
    overwrite(join(current.dir, VAULT_FILES.database), 100, Buffer.from('damage'));
    expect(catchError(() => current?.reopen()).code).toBe('vault-corrupt');
  });

  it('reports a database file cut to a few bytes, or emptied, or deleted, as vault-corrupt', () => {
    current = openTestVault();
    current.vault.cases.storeIntake(sampleIntake());
    current.vault.close();
    const path = join(current.dir, VAULT_FILES.database);
    truncateSync(path, 1000);
    expect(catchError(() => current?.reopen()).code).toBe('vault-corrupt');
    truncateSync(path, 0);
    expect(catchError(() => current?.reopen()).code).toBe('vault-corrupt');
    unlinkSync(path);
    expect(catchError(() => current?.reopen()).code).toBe('vault-corrupt');
  });

  it('refuses to open a file cut at a page boundary, before any row can be read', () => {
    current = openTestVault();
    fillCases(current, 400);
    current.vault.close();
    const path = join(current.dir, VAULT_FILES.database);
    truncateSync(path, Math.floor(statSync(path).size / 2 / 4096) * 4096);
    // The header's page count no longer matches the file, which SQLite checks on the first read; so the
    // loss is reported when the vault opens, before any case could be shown with rows missing.
    expect(catchError(() => current?.reopen()).code).toBe('vault-corrupt');
  });

  it('names the case whose page is damaged, and never returns altered data', () => {
    current = openTestVault();
    const ids = fillCases(current, 200);
    const pages = pagesOf(current, 'cases');
    current.vault.close();
    expect(pages.length).toBeGreaterThan(10);
    // Damage every page of the cases table except the root, so each case's leaf is hit.
    const path = join(current.dir, VAULT_FILES.database);
    for (const page of pages.slice(1)) overwrite(path, (page - 1) * 4096 + 512, Buffer.from('altered'));
    const vault = current.reopen();
    for (const id of [ids[0] ?? '', ids[150] ?? '']) {
      const error = catchError(() => vault.cases.get(id));
      expect(error.code).toBe('vault-corrupt');
      expect(error.message).toContain(id);
      expect(error.subject.caseId).toBe(id);
    }
    expect(catchError(() => vault.cases.list({ department: 'sozialamt' })).code).toBe('vault-corrupt');
  });

  it('refuses a vault written by a newer schema', () => {
    current = openTestVault();
    current.vault.transaction(({ db }) => db.pragma('user_version = 99'));
    current.vault.close();
    expect(catchError(() => current?.reopen()).code).toBe('vault-too-new');
  });

  it('removes the temp file a process killed while replacing the key check or the anchor left behind', () => {
    current = openTestVault();
    current.vault.close();
    const leftover = join(current.dir, '.tmp-0b6a3c1e-5d2f-4c7a-9e8b-1a2b3c4d5e6f');
    writeFileSync(leftover, '{"format":1');
    current.reopen();
    expect(readdirSync(current.dir).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    expect(readdirSync(current.dir)).toContain(VAULT_FILES.auditAnchor);
  });

  it('creates the profile folder, attachment folder and key check owner-only', () => {
    current = openTestVault();
    current.vault.close();
    const dir = join(current.dir, 'profile');
    const vault = openVault({ dir, key: newKey() });
    vault.close();
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(statSync(join(dir, VAULT_FILES.attachments)).mode & 0o077).toBe(0);
    expect(statSync(join(dir, VAULT_FILES.keyCheck)).mode & 0o077).toBe(0);
  });
});
