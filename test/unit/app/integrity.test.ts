/**
 * The audit trail checked at every start, through the real app: an accept entry whose actor was changed
 * by one byte in the closed vault is found at the next start, shown to the person signed in and to
 * Administration, and logged without the name.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../main/api/contract';
import { KeyFileProvider, VAULT_FILES } from '../../../main/vault';
import type { Envelope } from '../../../shared/api/result';
import { callValue } from '../../support/app';
import { createDeskTestApp, type DeskTestApp, startDemoDesk } from '../../support/desk-app';

const ctx = { transport: 'http' as const };
const opened: DeskTestApp[] = [];
let profileDir = '';
afterAll(async () => {
  for (const desk of opened) await desk.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('audit trail at start', () => {
  it('finds an accept entry’s actor changed by one byte and shows it', async () => {
    const first = await createDeskTestApp({ cases: 2, withAttachments: 0 });
    profileDir = first.dir;
    const value = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(first.app, name, input);
    const [row] = (await value('cases.list', { limit: 1 })).rows;
    if (!row) throw new Error('no case');
    const claimed = await value('cases.transition', {
      id: row.id,
      action: 'claim',
      expectedVersion: (await value('cases.get', { id: row.id })).case.version,
    });
    await value('cases.transition', { id: row.id, action: 'accept', expectedVersion: claimed.version });
    expect(await value('integrity.status')).toMatchObject({ intact: true });
    // Closed without removing the profile: the next start opens the same vault.
    await first.app.close();

    const vaultKey = new KeyFileProvider(join(profileDir, 'vault.key'));
    const db = new Database(join(profileDir, 'vault', VAULT_FILES.database));
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`key = "x'${(await vaultKey.loadOrCreate()).toString('hex')}'"`);
    const accept = db.prepare(`SELECT id, actor FROM audit_log WHERE action = 'case.accept'`).get() as {
      id: number;
      actor: string;
    };
    const triggers = db
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'`)
      .all() as { sql: string }[];
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    const forged = `${accept.actor.slice(0, -1)}${accept.actor.endsWith('t') ? 'u' : 't'}`;
    db.prepare('UPDATE audit_log SET actor = ? WHERE id = ?').run(forged, accept.id);
    for (const trigger of triggers) db.exec(trigger.sql);
    db.close();

    const second = await startDemoDesk('anna.schmidt', { profileDir, vaultKey });
    opened.push(second);
    const status = await callValue(second.app, 'integrity.status');
    expect(status).toMatchObject({ intact: false, firstBreak: { id: accept.id, reason: 'hash-mismatch' } });
    const logged = second.log.lines.filter((line) => line.includes('audit.integrity-failed'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`"breakAt":${accept.id}`);
    expect(second.log.lines.join('\n')).not.toContain(forged);

    // Only Administration runs the full check; it finds the same.
    const refused = (await second.app.dispatch('integrity.check', {}, ctx)) as Envelope<unknown>;
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    await second.signInAs('admin');
    const report = await callValue(second.app, 'integrity.check');
    expect(report.audit).toMatchObject({ intact: false, full: true, firstBreak: { id: accept.id } });
    expect(report.database).toEqual({ ok: true, findings: [] });
    await second.signInAs('anna.schmidt');
    await second.app.dispatch('session.signOut', {}, ctx);
    const signedOut = (await second.app.dispatch('integrity.status', {}, ctx)) as Envelope<unknown>;
    expect(signedOut.ok).toBe(false);
  }, 120_000);
});
