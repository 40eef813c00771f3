/**
 * Helpers for the vault, outbox and audit tests: temp profile folders, keys, and plausible intakes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openVault, type Vault } from '../../main/vault';
import type { CaseIntake, StoredAttachmentFile } from '../../shared/cases/types';

export function tempDir(prefix = 'vault-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function newKey(): Buffer {
  return randomBytes(32);
}

/** A clock that only moves when told to. */
export function fixedClock(start = '2025-03-01T08:00:00.000Z'): {
  now: () => Date;
  advance(ms: number): void;
} {
  let time = Date.parse(start);
  return { now: () => new Date(time), advance: (ms) => (time += ms) };
}

export interface TestVault {
  vault: Vault;
  dir: string;
  key: Buffer;
  reopen(): Vault;
  cleanup(): void;
}

/** A fresh vault in a temp folder; `cleanup` closes it (if open) and removes the folder. */
export function openTestVault(options: { now?: () => Date } = {}): TestVault {
  const dir = tempDir();
  const key = newKey();
  const state: TestVault = {
    vault: openVault({ dir: dir.path, key, ...options }),
    dir: dir.path,
    key,
    reopen() {
      state.vault = openVault({ dir: dir.path, key, ...options });
      return state.vault;
    },
    cleanup() {
      try {
        state.vault.close();
      } catch {
        // already closed by the test
      }
      dir.remove();
    },
  };
  return state;
}

export interface IntakeOverrides {
  fitCaseId?: string;
  submissionId?: string;
  department?: string;
  applicantName?: string;
  serviceName?: string;
  serviceIdentifier?: string;
  receivedAt?: string;
  deadlineAt?: string | null;
  verification?: CaseIntake['case']['verification'];
  formData?: Record<string, unknown>;
  attachments?: CaseIntake['attachments'];
}

/** A Wohngeld application as sync would store it. */
export function sampleIntake(overrides: IntakeOverrides = {}): CaseIntake {
  const submissionId = overrides.submissionId ?? randomUUID();
  const receivedAt = overrides.receivedAt ?? '2025-02-20T10:15:00.000Z';
  return {
    case: {
      fitCaseId: overrides.fitCaseId ?? randomUUID(),
      department: overrides.department ?? 'sozialamt',
      destinationId: '7f1d0a3e-9a4c-4a57-bf0d-2d0c4a1a9e11',
      serviceName: overrides.serviceName ?? 'Wohngeld',
      serviceIdentifier: overrides.serviceIdentifier ?? 'urn:de:fim:leika:leistung:99108008000000',
      applicantName: overrides.applicantName ?? 'Jürgen Müller',
      receivedAt,
      deadlineAt: overrides.deadlineAt === undefined ? '2025-03-06T10:15:00.000Z' : overrides.deadlineAt,
      verification: overrides.verification ?? 'passed',
      replyChannel: { eMail: { address: 'juergen.mueller@example.org' } },
      levelOfAssurance: 'substantial',
      paymentStatus: null,
    },
    submission: {
      submissionId,
      destinationId: '7f1d0a3e-9a4c-4a57-bf0d-2d0c4a1a9e11',
      platformStatus: 'submitted',
      metadata: {
        contentStructure: {
          data: { submissionSchema: { schemaUri: 'urn:test:wohngeld', mimeType: 'application/json' } },
        },
      },
      data: JSON.stringify(
        overrides.formData ?? {
          antragsteller: { vorname: 'Jürgen', nachname: 'Müller', geburtsdatum: '1971-04-02' },
          anschrift: { strasse: 'Lindenstraße 12', plz: '30159', ort: 'Hannover' },
          haushalt: { personen: 3 },
        },
      ),
      dataMimeType: 'application/json',
      submissionSchemaUri: 'urn:test:wohngeld',
      verificationReport: { checks: [{ name: 'data-hash', ok: true }] },
      authenticationTags: { metadata: 'tag-m', data: 'tag-d', attachments: {} },
      receivedAt,
    },
    attachments: overrides.attachments ?? [],
  };
}

export function attachmentIntake(
  file: StoredAttachmentFile,
  filename = 'Mietvertrag.pdf',
): CaseIntake['attachments'][number] {
  return { attachmentId: randomUUID(), filename, mimeType: 'application/pdf', purpose: 'attachment', file };
}
