import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../main/api/contract';
import type { SubmissionReport } from '../../../main/fitconnect/subscriber';
import { createRandom } from '../../../platform/random';
import { sendLaterDocuments } from '../../../platform/sender/send';
import {
  demoDestinations,
  pdfLike,
  type SentLight,
  type SubscriberFixture,
  sendLight,
  startSubscriber,
} from './fixtures';

const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('hex');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('sync from several destinations', () => {
  let f: SubscriberFixture;
  let sent: SentLight[];

  beforeAll(async () => {
    // Two departments' destinations with two different clients, as one department profile might list them.
    f = await startSubscriber({ departments: [0, 1] });
    const destinations = [...demoDestinations(f.platform, 0), ...demoDestinations(f.platform, 1)];
    sent = await sendLight(f.sender, destinations, 9, { attachmentSizes: [3_000, 40_000] });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('stores every submission with a passing report, its data and its attachments', async () => {
    const progress: SyncProgress[] = [];
    const result = await f.sync.run((p) => progress.push(p));
    expect(result).toMatchObject({
      listed: 9,
      fetched: 9,
      failed: 0,
      gone: 0,
      verificationFailed: 0,
      issues: [],
    });
    expect(progress[0]?.phase).toBe('listing');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 9, total: 9 });
    expect(progress.at(-1)?.bytes).toBeGreaterThan(9 * 43_000);

    for (const { sent: submission, light } of sent) {
      const stored = f.vault.vault.cases.findSubmission(submission.submissionId);
      expect(stored?.platformStatus).toBe('submitted');
      const detail = f.vault.vault.cases.get(stored?.caseId ?? '');
      const row = detail.submissions[0];
      const report = row?.verificationReport as unknown as SubmissionReport;
      expect(report.passed, JSON.stringify(report.checks.filter((c) => !c.passed))).toBe(true);
      expect(report.suggestedProblems).toEqual([]);
      expect(report.checks.map((c) => c.check)).toEqual(
        expect.arrayContaining([
          'metadata.schema',
          'data.hash',
          'data.schema',
          'attachments.complete',
          'authentication-tags',
        ]),
      );
      expect(detail.case).toMatchObject({
        fitCaseId: submission.caseId,
        destinationId: submission.destinationId,
        verification: 'passed',
        levelOfAssurance: 'substantial',
        replyChannel: { eMail: { address: 'antragsteller@example.org' } },
        serviceIdentifier: light.app.service.identifier,
        serviceName: light.app.service.title,
      });
      expect(Date.parse(detail.case.deadlineAt ?? '') - Date.parse(detail.case.receivedAt)).toBe(14 * DAY_MS);
      const firma = (light.app.data.antragsteller as { firma?: string } | undefined)?.firma;
      expect(detail.case.applicantName).toBe(
        firma ?? `${light.applicant.vornamen} ${light.applicant.familienname}`,
      );
      expect(JSON.parse(row?.data ?? '')).toEqual(light.app.data);
      expect(row?.authenticationTags?.attachments).toBeDefined();

      expect(detail.attachments).toHaveLength(light.app.attachments.length);
      for (const original of light.app.attachments) {
        const attachment = detail.attachments.find((a) => a.attachmentId === original.attachmentId);
        expect(attachment).toMatchObject({
          filename: original.filename,
          size: original.bytes.length,
          sha512: sha512(original.bytes),
        });
        const bytes = await f.vault.vault.attachments.readAttachment(attachment?.id ?? '');
        expect(sha512(bytes)).toBe(sha512(original.bytes));
      }
    }
    const departments = new Set(
      sent.map(
        ({ sent: s }) =>
          f.vault.vault.cases.get(f.vault.vault.cases.findSubmission(s.submissionId)?.caseId ?? '').case
            .department,
      ),
    );
    expect(departments).toEqual(new Set(['buergerservice', 'ordnungsamt']));
    const intakes = f.audit.list({}).filter((entry) => entry.action === 'fitconnect.intake');
    expect(intakes).toHaveLength(9);
  });

  it('stores nothing new on a second sync', async () => {
    const result = await f.sync.run();
    expect(result).toMatchObject({ listed: 9, fetched: 0, failed: 0, gone: 0 });
    expect(f.vault.vault.cases.list({ department: 'buergerservice' }).total).toBe(6);
    expect(f.vault.vault.cases.list({ department: 'ordnungsamt' }).total).toBe(3);
  });

  it('adds documents handed in later to their case', async () => {
    const first = sent[0];
    if (first === undefined) throw new Error('nothing sent');
    const caseBefore = f.vault.vault.cases.get(
      f.vault.vault.cases.findSubmission(first.sent.submissionId)?.caseId ?? '',
    );
    const random = createRandom(77);
    const document = {
      attachmentId: random.uuid(),
      filename: 'Nachgereicht.pdf',
      mimeType: 'application/pdf',
      purpose: 'attachment' as const,
      bytes: pdfLike(5_000),
    };
    const later = await sendLaterDocuments(
      f.sender,
      { destinationId: first.sent.destinationId, caseId: first.sent.caseId },
      first.light.app,
      [document],
    );
    const result = await f.sync.run();
    expect(result).toMatchObject({ fetched: 1, failed: 0, verificationFailed: 0 });
    const stored = f.vault.vault.cases.findSubmission(later.submissionId);
    expect(stored?.caseId).toBe(caseBefore.case.id);
    const after = f.vault.vault.cases.get(caseBefore.case.id);
    expect(after.submissions.map((s) => s.submissionId).sort()).toEqual(
      [first.sent.submissionId, later.submissionId].sort(),
    );
    expect(after.case.applicantName).toBe(caseBefore.case.applicantName);
    expect(after.case.verification).toBe('passed');
    const added = after.attachments.find((a) => a.attachmentId === document.attachmentId);
    expect(added?.sha512).toBe(sha512(document.bytes));
    const report = after.submissions.find((s) => s.submissionId === later.submissionId)
      ?.verificationReport as unknown as SubmissionReport;
    expect(report.checks.find((c) => c.check === 'data.present')).toMatchObject({ passed: true });
  });
});
