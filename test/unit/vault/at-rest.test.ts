import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/audit';
import { Outbox } from '../../../main/outbox';
import { vaultStore } from '../../../main/store';
import {
  attachmentIntake,
  openTestVault,
  sampleIntake,
  type TestVault,
  tempDir,
} from '../../support/vault-fixtures';

let current: TestVault | undefined;
afterEach(() => {
  current?.cleanup();
  current = undefined;
});

const MARKER = 'Zq7Markerwert';

/** Every way the marker's bytes could sit in a file: as typed, as the index stores tokens, in UTF-16. */
const needles = [MARKER, MARKER.toLowerCase(), MARKER.toUpperCase()].flatMap((text) => [
  Buffer.from(text, 'utf8'),
  Buffer.from(text, 'utf16le'),
]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function hits(dir: string): string[] {
  return filesUnder(dir).filter((path) => {
    const bytes = readFileSync(path);
    return needles.some((needle) => bytes.includes(needle));
  });
}

describe('data at rest', () => {
  it('the scan finds the marker where it is in the clear (control)', () => {
    const control = tempDir();
    try {
      writeFileSync(
        join(control.path, 'plain.bin'),
        Buffer.concat([Buffer.alloc(10), Buffer.from(MARKER.toLowerCase())]),
      );
      expect(hits(control.path)).toEqual([join(control.path, 'plain.bin')]);
    } finally {
      control.remove();
    }
  });

  it('leaves no plaintext of form data, names, notes or attachments in any file of the profile', async () => {
    const t = openTestVault();
    current = t;
    const file = await t.vault.attachments.write([Buffer.from(`Anlage mit ${MARKER} im Text`)]);
    const intake = sampleIntake({
      applicantName: `Karl ${MARKER}`,
      formData: { bemerkung: `Bitte ${MARKER} beachten`, kennzeichen: MARKER },
      attachments: [attachmentIntake(file, `${MARKER}.pdf`)],
    });
    const store = vaultStore(t.vault);
    const { caseId } = await store.transaction(async (tx) => {
      const stored = await tx.cases.storeIntake(intake);
      await new Outbox({ store }).enqueue(tx, {
        type: 'fitconnect.event',
        idempotencyKey: `reject:${stored.caseId}`,
        payload: { event: 'reject-submission', submissionId: randomUUID(), text: `Bescheid ${MARKER}` },
        caseId: stored.caseId,
      });
      return stored;
    });
    t.vault.cases.addNote(caseId, 'sb-1', `Telefonat mit ${MARKER}`);
    new AuditLog({ vault: t.vault }).append({
      actor: 'sb-1',
      department: 'sozialamt',
      caseId,
      action: 'case.note',
      outcome: 'success',
    });
    // The marker is really stored and findable through the vault.
    expect(t.vault.cases.list({ department: 'sozialamt', text: MARKER }).total).toBe(1);
    expect((await t.vault.attachments.readAttachment(file.id)).toString()).toContain(MARKER);

    // While open: the WAL holds the recent pages.
    expect(filesUnder(t.dir).some((path) => path.endsWith('-wal'))).toBe(true);
    expect(hits(t.dir)).toEqual([]);

    t.vault.close();
    expect(filesUnder(t.dir).length).toBeGreaterThanOrEqual(3);
    expect(hits(t.dir)).toEqual([]);
  });
});
