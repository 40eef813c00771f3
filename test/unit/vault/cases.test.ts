import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { VaultError } from '../../../main/vault';
import {
  attachmentIntake,
  fixedClock,
  openTestVault,
  sampleIntake,
  type TestVault,
} from '../../support/vault-fixtures';

let t: TestVault;
afterEach(() => t.cleanup());

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as VaultError).code;
  }
  return 'no error';
}

describe('case repository', () => {
  it('stores case, submission and attachments in one go and reads them back', async () => {
    const clock = fixedClock();
    t = openTestVault({ now: clock.now });
    const file = await t.vault.attachments.write([Buffer.from('%PDF-1.7 Mietvertrag')]);
    const intake = sampleIntake({ attachments: [attachmentIntake(file, '../../etc/Mietvertrag März.pdf')] });
    const { caseId, created } = t.vault.cases.storeIntake(intake);
    expect(created).toBe(true);

    const detail = t.vault.cases.get(caseId);
    expect(detail.case).toMatchObject({
      id: caseId,
      fitCaseId: intake.case.fitCaseId,
      status: 'new',
      version: 1,
      assignee: null,
      fileReference: null,
      verification: 'passed',
      replyChannel: { eMail: { address: 'juergen.mueller@example.org' } },
      createdAt: '2025-03-01T08:00:00.000Z',
    });
    expect(detail.submissions).toHaveLength(1);
    expect(detail.submissions[0]).toMatchObject({
      submissionId: intake.submission.submissionId,
      caseId,
      platformStatus: 'submitted',
      data: intake.submission.data,
      authenticationTags: { metadata: 'tag-m', data: 'tag-d', attachments: {} },
    });
    expect(detail.attachments).toEqual([
      {
        id: file.id,
        submissionId: intake.submission.submissionId,
        attachmentId: intake.attachments[0]?.attachmentId,
        filename: 'Mietvertrag März.pdf',
        mimeType: 'application/pdf',
        purpose: 'attachment',
        size: file.size,
        sha512: file.sha512,
      },
    ]);
    // Key material stays inside the vault.
    expect(JSON.stringify(detail)).not.toContain(Buffer.from(file.key).toString('hex'));
  });

  it('rolls the whole intake back when one part fails', async () => {
    t = openTestVault();
    const file = await t.vault.attachments.write([Buffer.from('a')]);
    const duplicate = attachmentIntake(file);
    const intake = sampleIntake({
      // Two attachments sharing one stored file violate the unique storage path.
      attachments: [duplicate, { ...duplicate, attachmentId: randomUUID() }],
    });
    expect(() => t.vault.cases.storeIntake(intake)).toThrow();
    expect(t.vault.cases.list({ department: 'sozialamt' }).total).toBe(0);
    expect(t.vault.cases.findSubmission(intake.submission.submissionId)).toBeNull();
  });

  it('joins a later submission of the same FIT-Connect case and re-stores a known submission in place', () => {
    t = openTestVault();
    const first = sampleIntake();
    const { caseId } = t.vault.cases.storeIntake(first);
    const worked = t.vault.cases.update(caseId, 1, { status: 'in_review', assignee: 'sb-1' });

    const second = sampleIntake({ fitCaseId: first.case.fitCaseId, verification: 'failed' });
    expect(t.vault.cases.storeIntake(second)).toEqual({ caseId, created: false });
    const again = t.vault.cases.storeIntake({
      ...second,
      submission: { ...second.submission, platformStatus: 'accepted' },
    });
    expect(again).toEqual({ caseId, created: false });

    const detail = t.vault.cases.get(caseId);
    expect(detail.submissions.map((s) => s.platformStatus).sort()).toEqual(['accepted', 'submitted']);
    // Intake fields follow the new submission; workflow fields stay as the case worker left them.
    expect(detail.case).toMatchObject({ verification: 'failed', status: 'in_review', assignee: 'sb-1' });
    expect(detail.case.version).toBe(worked.version + 2);
  });

  it('refuses a submission already stored under another case', () => {
    t = openTestVault();
    const first = sampleIntake();
    t.vault.cases.storeIntake(first);
    const other = sampleIntake({ submissionId: first.submission.submissionId });
    expect(codeOf(() => t.vault.cases.storeIntake(other))).toBe('submission-conflict');
  });

  it('updates with the expected version only', () => {
    t = openTestVault();
    const { caseId } = t.vault.cases.storeIntake(sampleIntake());
    const updated = t.vault.cases.update(caseId, 1, {
      status: 'accepted',
      fileReference: 'SOZ-2025/00017',
      deadlineAt: '2025-04-01T00:00:00+02:00',
    });
    expect(updated).toMatchObject({
      version: 2,
      status: 'accepted',
      fileReference: 'SOZ-2025/00017',
      deadlineAt: '2025-03-31T22:00:00.000Z',
    });
    expect(codeOf(() => t.vault.cases.update(caseId, 1, { status: 'rejected' }))).toBe('version-conflict');
    expect(codeOf(() => t.vault.cases.update(randomUUID(), 1, { status: 'rejected' }))).toBe(
      'case-not-found',
    );
    expect(codeOf(() => t.vault.cases.update(caseId, 2, { status: 'bogus' as 'new' }))).toBe(
      'vault-invalid-input',
    );
    expect(codeOf(() => t.vault.cases.update(caseId, 2, {}))).toBe('vault-invalid-input');
    expect(t.vault.cases.get(caseId).case.status).toBe('accepted');
  });

  it('validates intake values before writing', () => {
    t = openTestVault();
    const bad = sampleIntake();
    bad.case.receivedAt = 'yesterday';
    expect(codeOf(() => t.vault.cases.storeIntake(bad))).toBe('vault-invalid-input');
    expect(codeOf(() => t.vault.cases.get(randomUUID()))).toBe('case-not-found');
  });

  it('reads the row alone as the detail has it, and knows no unknown case', () => {
    t = openTestVault();
    const { caseId } = t.vault.cases.storeIntake(sampleIntake());
    expect(t.vault.cases.row(caseId)).toEqual(t.vault.cases.get(caseId).case);
    expect(codeOf(() => t.vault.cases.row(randomUUID()))).toBe('case-not-found');
  });

  it('records the platform status of a submission, including gone', () => {
    t = openTestVault();
    const intake = sampleIntake();
    const { caseId } = t.vault.cases.storeIntake(intake);
    t.vault.cases.setPlatformStatus(intake.submission.submissionId, 'gone');
    expect(t.vault.cases.findSubmission(intake.submission.submissionId)).toEqual({
      caseId,
      platformStatus: 'gone',
    });
    expect(codeOf(() => t.vault.cases.setPlatformStatus(randomUUID(), 'gone'))).toBe('submission-not-found');
  });

  it('keeps notes per case in order', () => {
    const clock = fixedClock();
    t = openTestVault({ now: clock.now });
    const { caseId } = t.vault.cases.storeIntake(sampleIntake());
    t.vault.cases.addNote(caseId, 'sb-1', 'Nachweis Einkommen fehlt');
    clock.advance(1000);
    t.vault.cases.addNote(caseId, 'sb-2', 'Nachgefordert');
    expect(t.vault.cases.notes(caseId).map((n) => [n.author, n.text])).toEqual([
      ['sb-1', 'Nachweis Einkommen fehlt'],
      ['sb-2', 'Nachgefordert'],
    ]);
    expect(codeOf(() => t.vault.cases.addNote(randomUUID(), 'sb-1', 'x'))).toBe('case-not-found');
  });

  it('keeps sync cursors', () => {
    t = openTestVault();
    expect(t.vault.syncState.get('fitconnect.offset')).toBeNull();
    t.vault.syncState.set('fitconnect.offset', '100');
    t.vault.syncState.set('fitconnect.offset', '200');
    t.vault.close();
    expect(t.reopen().syncState.get('fitconnect.offset')).toBe('200');
  });

  it('rolls back every write of a failed vault transaction', () => {
    t = openTestVault();
    const intake = sampleIntake();
    expect(() =>
      t.vault.transaction(() => {
        t.vault.cases.storeIntake(intake);
        t.vault.syncState.set('cursor', '1');
        throw new Error('later step failed');
      }),
    ).toThrow('later step failed');
    expect(t.vault.cases.findSubmission(intake.submission.submissionId)).toBeNull();
    expect(t.vault.syncState.get('cursor')).toBeNull();
  });
});
