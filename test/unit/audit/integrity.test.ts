/**
 * The audit trail checked at start and anchored outside the database: an edited entry, a cut-off tail and
 * a commit SQLite dropped from a damaged WAL are each found, with what is missing.
 */
import {
  closeSync,
  copyFileSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, checkAuditTrail } from '../../../main/audit';
import { openVault, VAULT_FILES, type Vault } from '../../../main/vault';
import { fixedClock, openTestVault, type TestVault, tempDir } from '../../support/vault-fixtures';

let t: TestVault;
const cleanups: (() => void)[] = [];
afterEach(() => {
  t.cleanup();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const clock = fixedClock();

function append(vault: Vault, n: number, action = 'case.accept'): void {
  const audit = new AuditLog({ vault, now: clock.now });
  for (let i = 1; i <= n; i++) {
    audit.append({
      actor: 'anna.schmidt',
      department: 'buergerservice',
      caseId: `case-${i}`,
      action,
      outcome: 'success',
    });
  }
}

function check(vault: Vault, full = false) {
  return checkAuditTrail(vault, new AuditLog({ vault }), { full, now: clock.now() });
}

/** Edits the closed file behind the vault's back, the triggers dropped for the edit and put back. */
function tamper(sql: string): void {
  t.vault.close();
  const db = new Database(join(t.dir, VAULT_FILES.database));
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${t.key.toString('hex')}'"`);
  const triggers = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'`)
    .all() as { sql: string }[];
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
  for (const trigger of triggers) db.exec(trigger.sql);
  db.close();
  t.reopen();
}

describe('audit trail at start', () => {
  it('finds one byte changed in an accept entry’s actor', () => {
    t = openTestVault({ now: clock.now });
    append(t.vault, 4);
    tamper(`UPDATE audit_log SET actor = 'anna.schmidu' WHERE id = 3`);
    const result = check(t.vault);
    expect(result).toMatchObject({
      intact: false,
      firstBreak: { id: 3, reason: 'hash-mismatch' },
      triggersIntact: true,
      anchor: 'match',
      missing: 0,
    });
  });

  it('finds the last entries deleted, and how many', () => {
    t = openTestVault({ now: clock.now });
    append(t.vault, 6);
    tamper('DELETE FROM audit_log WHERE id > 4');
    expect(check(t.vault)).toMatchObject({
      intact: false,
      anchor: 'shorter',
      missing: 2,
      entries: 4,
      firstBreak: null,
    });
    // The evidence stays: a later commit does not move the frozen anchor, so the next start finds it again.
    append(t.vault, 3);
    t.vault.close();
    t.reopen();
    expect(check(t.vault)).toMatchObject({ intact: false, anchor: 'differs' });
  });

  it('walks only the entries after the last verified one', () => {
    t = openTestVault({ now: clock.now });
    append(t.vault, 50);
    // A new vault had no anchor to compare with when it was opened.
    expect(check(t.vault)).toMatchObject({ intact: true, verified: 50, anchor: 'absent' });
    append(t.vault, 3);
    t.vault.close();
    t.reopen();
    // The last verified entry again, and the three after it.
    expect(check(t.vault)).toMatchObject({ intact: true, verified: 4, entries: 53, anchor: 'match' });
    expect(check(t.vault, true)).toMatchObject({ intact: true, verified: 53 });
  });

  it('refuses an anchor written without the vault key', () => {
    t = openTestVault({ now: clock.now });
    append(t.vault, 2);
    t.vault.close();
    const path = join(t.dir, VAULT_FILES.auditAnchor);
    const anchor = JSON.parse(readFileSync(path, 'utf8')) as { head: { count: number } };
    anchor.head.count = 1;
    writeFileSync(path, JSON.stringify(anchor));
    t.reopen();
    expect(check(t.vault)).toMatchObject({ intact: false, anchor: 'invalid' });
  });

  it('finds committed notes SQLite dropped for one flipped byte in the WAL', () => {
    t = openTestVault({ now: clock.now });
    const walPath = join(t.dir, `${VAULT_FILES.database}-wal`);
    const walSizes: number[] = [];
    append(t.vault, 1);
    for (let i = 1; i <= 5; i++) {
      walSizes.push(statSync(walPath).size);
      // A note and its audit entry commit together, as the desk writes them.
      t.vault.transaction(() => append(t.vault, 1, 'case.note'));
    }
    // The process dies here: the files as they are on disk, the WAL not checkpointed.
    const crashed = tempDir('vault-wal-');
    cleanups.push(crashed.remove);
    for (const name of [
      VAULT_FILES.database,
      `${VAULT_FILES.database}-wal`,
      VAULT_FILES.keyCheck,
      VAULT_FILES.auditAnchor,
    ]) {
      copyFileSync(join(t.dir, name), join(crashed.path, name));
    }
    // One byte inside the first frame of the fourth note's commit.
    const fd = openSync(join(crashed.path, `${VAULT_FILES.database}-wal`), 'r+');
    const at = (walSizes[3] ?? 0) + 24 + 200;
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, at);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    writeSync(fd, byte, 0, 1, at);
    closeSync(fd);

    const vault = openVault({ dir: crashed.path, key: t.key });
    try {
      expect(vault.integrityCheck()).toEqual([]);
      expect(check(vault)).toMatchObject({ intact: false, anchor: 'shorter', entries: 4, missing: 2 });
    } finally {
      vault.close();
    }
  });
});
