import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, canonicalDetails, entryHash, GENESIS_HASH } from '../../../main/audit';
import { Outbox } from '../../../main/outbox';
import { vaultStore } from '../../../main/store';
import { openVault, VAULT_FILES, type Vault } from '../../../main/vault';
import { AttachmentStore } from '../../../main/vault/attachments';
import { openEncryptedDatabase } from '../../../main/vault/connection';
import { applyMigrations, MIGRATIONS, type Migration, schemaVersion } from '../../../main/vault/migrations';
import { refreshFormText } from '../../../main/vault/search-index';
import type { SqliteDatabase } from '../../../main/vault/sql';
import type { StoredAttachmentFile } from '../../../shared/cases/types';
import { newKey, tempDir } from '../../support/vault-fixtures';

let dir: ReturnType<typeof tempDir>;
let vault: Vault | null = null;
afterEach(() => {
  vault?.close();
  vault = null;
  dir.remove();
});

const AT = '2024-11-05T10:00:00.000Z';

/** What each schema version's app would have written, in that version's own SQL. */
interface Fixture {
  caseId: string;
  attachment: StoredAttachmentFile;
  outboxKey: string | null;
  auditEntries: number;
}

async function writeVersion1(db: SqliteDatabase, profile: string): Promise<Fixture> {
  const caseId = randomUUID();
  const submissionId = randomUUID();
  const attachment = await new AttachmentStore(db, join(profile, VAULT_FILES.attachments)).write([
    Buffer.from('Meldebescheinigung'),
  ]);
  db.prepare(
    `INSERT INTO cases (id, fit_case_id, department, destination_id, service_name, service_identifier,
       applicant_name, file_reference, status, received_at, deadline_at, assignee, verification, reply_channel,
       level_of_assurance, payment_status, created_at, updated_at, version)
     VALUES (?, ?, 'buergeramt', 'dest-1', 'Meldebescheinigung', 'urn:de:fim:leika:leistung:99115004000000',
       'Grete Jansen', 'BA-2024/00311', 'in_review', ?, NULL, 'sb-7', 'passed', NULL, 'low', NULL, ?, ?, 3)`,
  ).run(caseId, randomUUID(), AT, AT, AT);
  db.prepare(
    `INSERT INTO submissions (submission_id, case_id, destination_id, platform_status, metadata, data,
       data_mime_type, submission_schema_uri, verification_report, authentication_tags, received_at)
     VALUES (?, ?, 'dest-1', 'accepted', '{}', ?, 'application/json', 'urn:test', '{}', NULL, ?)`,
  ).run(submissionId, caseId, JSON.stringify({ anschrift: { ort: 'Wolfsburg' } }), AT);
  db.prepare(
    `INSERT INTO attachments (id, submission_id, attachment_id, filename, mime_type, purpose, size, sha512,
       enc_key, nonce, tag, storage_path)
     VALUES (?, ?, ?, 'Antrag.pdf', 'application/pdf', 'form', ?, ?, ?, ?, ?, ?)`,
  ).run(
    attachment.id,
    submissionId,
    randomUUID(),
    attachment.size,
    attachment.sha512,
    attachment.key,
    attachment.nonce,
    attachment.tag,
    attachment.storagePath,
  );
  db.prepare(
    `INSERT INTO notes (id, case_id, author, text, created_at) VALUES (?, ?, 'sb-7', 'Rückruf', ?)`,
  ).run(randomUUID(), caseId, AT);
  db.prepare(`INSERT INTO sync_state (key, value, updated_at) VALUES ('cursor', '17', ?)`).run(AT);
  // Until version 9 the desk counted Aktenzeichen in the sync state, per department and year.
  db.prepare(
    `INSERT INTO sync_state (key, value, updated_at) VALUES ('file-reference:buergeramt:2024', '311', ?)`,
  ).run(AT);
  return { caseId, attachment, outboxKey: null, auditEntries: 0 };
}

async function writeVersion2(db: SqliteDatabase, profile: string): Promise<Fixture> {
  const fixture = await writeVersion1(db, profile);
  // Version 2's intake wrote the form text right after the submission.
  refreshFormText(db, fixture.caseId);
  return fixture;
}

async function writeVersion3(db: SqliteDatabase, profile: string): Promise<Fixture> {
  const fixture = await writeVersion2(db, profile);
  const outboxKey = `accept:${fixture.caseId}`;
  db.prepare(
    `INSERT INTO outbox (id, type, idempotency_key, case_id, payload, state, attempts, next_attempt_at, created_at,
       updated_at)
     VALUES (?, 'fitconnect.event', ?, ?, '{"event":"accept-submission"}', 'pending', 1, ?, ?, ?)`,
  ).run(randomUUID(), outboxKey, fixture.caseId, AT, AT, AT);
  return { ...fixture, outboxKey };
}

async function writeVersion4(db: SqliteDatabase, profile: string): Promise<Fixture> {
  const fixture = await writeVersion3(db, profile);
  const fields = {
    id: 1,
    at: AT,
    actor: 'sb-7',
    department: 'buergeramt',
    caseId: fixture.caseId,
    action: 'case.status',
    outcome: 'success',
    detailsJson: canonicalDetails({ to: 'in_review' }),
    prevHash: GENESIS_HASH,
  };
  db.prepare(
    `INSERT INTO audit_log (id, at, actor, department, case_id, action, outcome, details, prev_hash, hash)
     VALUES (@id, @at, @actor, @department, @caseId, @action, @outcome, @detailsJson, @prevHash, @hash)`,
  ).run({ ...fields, hash: entryHash(fields) });
  return { ...fixture, auditEntries: 1 };
}

/** Version 5 (workstation) added tables only; its cases, outbox and audit rows are version 4's. */
async function writeVersion5(db: SqliteDatabase, profile: string): Promise<Fixture> {
  return writeVersion4(db, profile);
}

/** Version 6 (receipts) added tables only; its cases are version 5's (version 7 reindexes them). */
async function writeVersion6(db: SqliteDatabase, profile: string): Promise<Fixture> {
  return writeVersion5(db, profile);
}

/** Version 7 (inbox sort) added indexes only; its rows are version 6's (version 8 adds one more index). */
async function writeVersion7(db: SqliteDatabase, profile: string): Promise<Fixture> {
  return writeVersion6(db, profile);
}

/** Version 8 (service counts) added an index only; its rows are version 7's. */
async function writeVersion8(db: SqliteDatabase, profile: string): Promise<Fixture> {
  return writeVersion7(db, profile);
}

/** Version 9 moved the Aktenzeichen counters from the sync state to their own table. */
async function writeVersion9(db: SqliteDatabase, profile: string): Promise<Fixture> {
  const fixture = await writeVersion8(db, profile);
  db.exec(`
    INSERT INTO file_reference_sequences (department, year, last)
      SELECT substr(key, 16, length(key) - 20), CAST(substr(key, -4) AS INTEGER), CAST(value AS INTEGER)
      FROM sync_state WHERE key GLOB 'file-reference:*:[0-9][0-9][0-9][0-9]';
    DELETE FROM sync_state WHERE key GLOB 'file-reference:*';
  `);
  return fixture;
}

/** Version 10 (team work) added tables only; its rows are version 9's. */
async function writeVersion10(db: SqliteDatabase, profile: string): Promise<Fixture> {
  return writeVersion9(db, profile);
}

/** One builder per earlier schema version; a new migration needs a builder for the version before it. */
const fixtures: Record<number, (db: SqliteDatabase, profile: string) => Promise<Fixture>> = {
  1: writeVersion1,
  2: writeVersion2,
  3: writeVersion3,
  4: writeVersion4,
  5: writeVersion5,
  6: writeVersion6,
  7: writeVersion7,
  8: writeVersion8,
  9: writeVersion9,
  10: writeVersion10,
};

async function buildVault(version: number, key: Buffer): Promise<Fixture | null> {
  mkdirSync(join(dir.path, VAULT_FILES.attachments), { recursive: true });
  const db = openEncryptedDatabase(join(dir.path, VAULT_FILES.database), key);
  applyMigrations(db, MIGRATIONS.slice(0, version));
  const build = fixtures[version];
  const fixture = build ? await build(db, dir.path) : null;
  expect(schemaVersion(db)).toBe(version);
  db.close();
  return fixture;
}

describe('migrations', () => {
  it('are numbered 1..n without gaps, and the last is the current version', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    dir = tempDir();
    vault = openVault({ dir: dir.path, key: newKey() });
    expect(vault.transaction(({ db }) => schemaVersion(db))).toBe(MIGRATIONS.length);
  });

  it('migrate an empty database to the current schema', async () => {
    dir = tempDir();
    const key = newKey();
    await buildVault(0, key);
    vault = openVault({ dir: dir.path, key });
    expect(vault.transaction(({ db }) => schemaVersion(db))).toBe(MIGRATIONS.length);
    expect(vault.cases.list({ department: 'buergeramt' }).total).toBe(0);
    expect(vault.integrityCheck()).toEqual([]);
  });

  for (let version = 1; version < MIGRATIONS.length; version++) {
    it(`migrate a version ${version} vault with its data intact`, async () => {
      dir = tempDir();
      const key = newKey();
      const fixture = await buildVault(version, key);
      if (!fixture) throw new Error(`add a fixture builder for schema version ${version}`);
      vault = openVault({ dir: dir.path, key });
      const current = vault;
      expect(current.transaction(({ db }) => schemaVersion(db))).toBe(MIGRATIONS.length);
      expect(current.integrityCheck()).toEqual([]);

      const detail = current.cases.get(fixture.caseId);
      expect(detail.case).toMatchObject({ applicantName: 'Grete Jansen', status: 'in_review', version: 3 });
      expect(detail.submissions).toHaveLength(1);
      expect(current.cases.notes(fixture.caseId).map((n) => n.text)).toEqual(['Rückruf']);
      expect(current.syncState.get('cursor')).toBe('17');
      // The Aktenzeichen counter moved to its own table and counts on from where it stood.
      expect(current.syncState.get('file-reference:buergeramt:2024')).toBeNull();
      expect(current.fileReferences.next('buergeramt', 2024)).toBe(312);
      expect(current.fileReferences.next('buergeramt', 2025)).toBe(1);
      expect((await current.attachments.readAttachment(fixture.attachment.id)).toString()).toBe(
        'Meldebescheinigung',
      );

      // Search covers cases from before the search index existed, form values included.
      for (const text of ['Jansen', 'BA-2024/00311', 'wolfsb']) {
        expect(current.cases.list({ department: 'buergeramt', text }).rows.map((r) => r.id)).toEqual([
          fixture.caseId,
        ]);
      }

      expect(current.cases.services('buergeramt')).toEqual([
        { identifier: 'urn:de:fim:leika:leistung:99115004000000', name: 'Meldebescheinigung', count: 1 },
      ]);

      const outbox = new Outbox({ store: vaultStore(current) });
      const items = await outbox.list();
      expect(items.map((i) => i.idempotencyKey)).toEqual(fixture.outboxKey ? [fixture.outboxKey] : []);

      const audit = new AuditLog({ vault: current });
      audit.append({
        actor: 'system',
        department: null,
        caseId: null,
        action: 'vault.migrate',
        outcome: 'success',
      });
      expect(audit.verify().ok).toBe(true);
    });
  }

  it('roll a failing step back whole and keep the version before it', () => {
    dir = tempDir();
    const db = openEncryptedDatabase(join(dir.path, VAULT_FILES.database), newKey());
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up(target) {
        target.exec('CREATE TABLE half_done (a)');
        target.exec('SELECT * FROM no_such_table');
      },
    };
    const [first] = MIGRATIONS;
    if (!first) throw new Error('no migrations');
    expect(() => applyMigrations(db, [first, broken])).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'`).get()).toEqual({
      n: 0,
    });
    expect(() => applyMigrations(db, [broken])).toThrow(/out of sequence/);
    db.close();
  });
});
