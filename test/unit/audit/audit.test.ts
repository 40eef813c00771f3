import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditError, AuditLog, canonicalDetails, entryHash, GENESIS_HASH } from '../../../main/audit';
import { VAULT_FILES } from '../../../main/vault';
import { fixedClock, openTestVault, type TestVault } from '../../support/vault-fixtures';

let t: TestVault;
afterEach(() => t.cleanup());

function setup(entries = 5) {
  const clock = fixedClock();
  t = openTestVault({ now: clock.now });
  const audit = new AuditLog({ vault: t.vault, now: clock.now });
  for (let i = 1; i <= entries; i++) {
    clock.advance(1000);
    audit.append({
      actor: `sb-${i}`,
      department: 'sozialamt',
      caseId: `case-${i}`,
      action: 'case.status',
      outcome: 'success',
      details: { to: 'in_review', submissionId: `sub-${i}` },
    });
  }
  return { clock, audit };
}

/** Edits the file behind the vault's back: a second connection with the key, triggers dropped. */
function tamper(sql: string, ...params: unknown[]): void {
  t.vault.close();
  const db = new Database(join(t.dir, VAULT_FILES.database));
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${t.key.toString('hex')}'"`);
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.prepare(sql).run(...params);
  db.close();
  t.reopen();
}

describe('audit log', () => {
  it('chains each entry to the one before', () => {
    const { audit } = setup(3);
    const entries = audit.list();
    expect(entries.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    const first = entries[0];
    if (!first) throw new Error('no entry');
    expect(first.hash).toBe(entryHash({ ...first, detailsJson: canonicalDetails(first.details) }));
    expect(audit.verify()).toEqual({
      ok: true,
      checked: 3,
      headHash: entries[2]?.hash,
      firstBreak: null,
      triggersIntact: true,
    });
  });

  it('serializes details canonically, whatever the key order', () => {
    expect(canonicalDetails({ b: 1, a: 'x', c: null })).toBe(canonicalDetails({ c: null, a: 'x', b: 1 }));
    expect(canonicalDetails({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
  });

  it('refuses UPDATE and DELETE through its triggers', () => {
    const { audit } = setup(2);
    expect(() =>
      t.vault.transaction(({ db }) => db.prepare(`UPDATE audit_log SET actor = 'x'`).run()),
    ).toThrow('append-only');
    expect(() => t.vault.transaction(({ db }) => db.prepare('DELETE FROM audit_log').run())).toThrow(
      'append-only',
    );
    expect(audit.verify().ok).toBe(true);
  });

  it('names the edited row when a row is changed behind the triggers', () => {
    setup(5);
    tamper(`UPDATE audit_log SET outcome = 'failure' WHERE id = 3`);
    const result = new AuditLog({ vault: t.vault }).verify();
    expect(result).toMatchObject({
      ok: false,
      checked: 2,
      firstBreak: { id: 3, reason: 'hash-mismatch' },
      triggersIntact: false,
    });
  });

  it('names the next row when an edited row got a recomputed hash', () => {
    setup(5);
    const row = (() => {
      const entry = new AuditLog({ vault: t.vault }).list().find((e) => e.id === 2);
      if (!entry) throw new Error('no entry 2');
      return entry;
    })();
    const forged = { ...row, actor: 'someone-else' };
    const hash = entryHash({ ...forged, detailsJson: canonicalDetails(forged.details) });
    tamper(`UPDATE audit_log SET actor = ?, hash = ? WHERE id = 2`, forged.actor, hash);
    expect(new AuditLog({ vault: t.vault }).verify().firstBreak).toEqual({
      id: 3,
      reason: 'prev-hash-mismatch',
    });
  });

  it('names the row after a deleted one', () => {
    setup(5);
    tamper('DELETE FROM audit_log WHERE id = 4');
    expect(new AuditLog({ vault: t.vault }).verify().firstBreak).toEqual({ id: 5, reason: 'id-gap' });
  });

  it('reports missing triggers even when the chain is whole', () => {
    setup(2);
    tamper('SELECT 1');
    expect(new AuditLog({ vault: t.vault }).verify()).toMatchObject({
      ok: false,
      firstBreak: null,
      triggersIntact: false,
    });
  });

  it('commits and rolls back with the caller’s transaction', () => {
    const { audit } = setup(1);
    expect(() =>
      t.vault.transaction(() => {
        audit.append({
          actor: 'sb-1',
          department: 'sozialamt',
          caseId: 'c',
          action: 'case.accept',
          outcome: 'success',
        });
        throw new Error('the state change failed');
      }),
    ).toThrow('the state change failed');
    t.vault.transaction(() => {
      audit.append({
        actor: 'sb-1',
        department: 'sozialamt',
        caseId: 'c',
        action: 'case.accept',
        outcome: 'failure',
      });
    });
    expect(audit.list().map((e) => [e.id, e.outcome])).toEqual([
      [1, 'success'],
      [2, 'failure'],
    ]);
    expect(audit.verify().ok).toBe(true);
  });

  it('lists one case’s entries and pages forward', () => {
    const { audit } = setup(5);
    expect(audit.list({ caseId: 'case-2' }).map((e) => e.id)).toEqual([2]);
    expect(audit.list({ afterId: 2, limit: 2 }).map((e) => e.id)).toEqual([3, 4]);
  });

  it('accepts only flat, short details', () => {
    const { audit } = setup(0);
    const code = (details: Record<string, unknown>) => {
      try {
        audit.append({
          actor: 'sb-1',
          department: null,
          caseId: null,
          action: 'x',
          outcome: 'success',
          details: details as Record<string, string>,
        });
        return 'ok';
      } catch (error) {
        return (error as AuditError).code;
      }
    };
    expect(code({ applicant: { name: 'nested' } })).toBe('audit-invalid-entry');
    expect(code({ text: 'x'.repeat(201) })).toBe('audit-invalid-entry');
    expect(code({ problem: 'schema-violation', attempts: 2, final: true, note: null })).toBe('ok');
  });
});
