/**
 * No step on a failed check: whatever the UI sends, main refuses acceptance, hand-over, notices, archiving and
 * every other step of a case whose verification failed (or waits in "Technische Prüfung"); only reject and
 * verify again remain. One case per failing check, each as a version before this rule may have left it:
 * formally accepted and assigned to the case worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkResult, CaseView } from '../../../main/api/contract';
import { VERIFICATION_REASONS, type VerificationReason } from '../../../main/fitconnect/subscriber/reasons';
import { buildReport, fail, problem } from '../../../main/fitconnect/subscriber/report';
import type { Envelope } from '../../../shared/api/result';
import type { Verification } from '../../../shared/cases/types';
import { type CaseAction, caseActions } from '../../../shared/cases/workflow';
import { createDeskTestApp, type DeskTestApp } from '../../support/desk-app';
import { sampleIntake } from '../../support/vault-fixtures';

/** Every reason a check fails with; passing reasons are left out. */
const FAILING: VerificationReason[] = [
  'metadata.not-json',
  'metadata.unsupported-version',
  'metadata.schema-violated',
  'metadata.service-differs',
  'service.not-configured',
  'decrypt.invalid-key',
  'decrypt.invalid-jwe',
  'decrypt.unsupported-algorithm',
  'decrypt.unknown-kid',
  'decrypt.decryption-failed',
  'decrypt.decompression-limit',
  'data.missing',
  'data.undescribed',
  'data.absent',
  'data.hash-differs',
  'data.encrypted-as-other',
  'data.schema-type-differs',
  'data.malformed',
  'data.schema-unknown',
  'data.schema-violated',
  'attachments.missing',
  'attachments.extra',
  'attachments.missing-and-extra',
  'attachment.hash-differs',
  'attachment.encrypted-as-other',
  'attachment.content-differs',
  'events.refused',
  'events.issuer-unknown',
  'events.submit-missing',
  'events.submit-duplicate',
  'tags.missing',
  'tags.differ',
];

let desk: DeskTestApp;
const ctx = { transport: 'http' as const };
const call = async <T>(name: string, input: unknown = {}): Promise<Envelope<T>> =>
  (await desk.app.dispatch(name, input, ctx)) as Envelope<T>;

/** Stores a formally accepted case of anna's whose report fails with `reason` alone. */
function storeFailedCase(reason: VerificationReason): { id: string; verification: Verification } {
  const params = Object.fromEntries(
    (VERIFICATION_REASONS[reason] as readonly string[]).map((name) => [name, name === 'count' ? 1 : 'x']),
  );
  const report = buildReport([
    fail(
      'check',
      { reason, params } as never,
      `fails with ${reason}`,
      problem('technical-error', 'submission'),
    ),
  ]);
  const intake = sampleIntake({ department: 'buergerservice', verification: report.verdict });
  intake.submission.verificationReport = report as never;
  const { vault } = desk.app;
  const { caseId } = vault.transaction(() => vault.cases.storeIntake(intake));
  const row = vault.cases.row(caseId);
  vault.cases.update(caseId, row.version, { status: 'accepted', assignee: 'anna.schmidt' });
  return { id: caseId, verification: report.verdict };
}

beforeAll(async () => {
  desk = await createDeskTestApp({ cases: 0 });
});
afterAll(() => desk?.close());

describe('a case whose verification did not pass allows only reject and verify again', () => {
  it('knows every failing reason of the table', () => {
    const passing = Object.keys(VERIFICATION_REASONS).filter(
      (r) => !FAILING.includes(r as VerificationReason),
    );
    // Each of these is said of a passed check only.
    expect(
      passing.every((r) => /(decrypted|matches|valid|complete|verified|match|unchecked|configured)$/.test(r)),
    ).toBe(true);
  });

  for (const reason of FAILING) {
    it(`${reason}: every step but reject and verify again is refused`, async () => {
      const failed = storeFailedCase(reason);
      expect(failed.verification).toBe(
        [
          'decrypt.unknown-kid',
          'data.schema-unknown',
          'events.issuer-unknown',
          'service.not-configured',
        ].includes(reason)
          ? 'pending'
          : 'failed',
      );
      const view = (await call<CaseView>('cases.get', { id: failed.id })) as { ok: true; value: CaseView };
      expect(view.value.actions).toEqual(['reject', 'verify']);
      const version = view.value.case.version;

      // A notice and a Rückfrage (a Nachforderung) are never transitions: they go through notices.*, refused below.
      const steps = caseActions.filter(
        (action: CaseAction): action is Exclude<CaseAction, 'reject' | 'verify' | 'sendNotice' | 'inquire'> =>
          !['reject', 'verify', 'sendNotice', 'inquire'].includes(action),
      );
      for (const action of steps) {
        const answer = await call('cases.transition', {
          id: failed.id,
          action,
          expectedVersion: version,
          newAssignee: 'tom.becker',
          resubmitAt: '2030-01-01T00:00:00.000Z',
        });
        expect({ action, answer }).toMatchObject({
          action,
          answer: {
            ok: false,
            error: {
              code: 'invalid-transition',
              reason: expect.stringMatching(/^(verification-not-passed|team-lead-only)$/),
            },
          },
        });
      }
      const bulk = await call<BulkResult>('cases.bulkTransition', { ids: [failed.id], action: 'handOver' });
      expect(bulk).toMatchObject({
        ok: true,
        value: {
          results: [{ ok: false, error: { code: 'invalid-transition', reason: 'verification-not-passed' } }],
        },
      });
      // A notice is neither drafted nor sealed.
      const draft = await call('notices.draft', { caseId: failed.id, templateId: 'bewilligung' });
      expect(draft).toMatchObject({
        ok: false,
        error: { code: 'invalid-transition', reason: 'verification-not-passed' },
      });
      // Nothing moved, nothing queued.
      expect(desk.app.vault.cases.row(failed.id)).toMatchObject({ status: 'accepted', version });
      expect(await desk.app.outbox.list({ caseId: failed.id })).toEqual([]);

      // Verify again passes the gate (the seeded submission is not on the platform, so it is not found there).
      const again = await call('cases.transition', {
        id: failed.id,
        action: 'verify',
        expectedVersion: version,
      });
      expect(again).toMatchObject({ ok: false });
      if (!again.ok) expect(again.error.code).not.toBe('invalid-transition');

      // Reject is the way out: technically, with a problem of the table, sent to FIT-Connect.
      const rejected = await call('cases.transition', {
        id: failed.id,
        action: 'reject',
        expectedVersion: version,
        rejection: { problem: 'technical-error', text: '' },
      });
      expect(rejected).toMatchObject({ ok: true, value: { status: 'rejected' } });
      expect((await desk.app.outbox.list({ caseId: failed.id })).map((item) => item.type)).toEqual([
        'fitconnect.event',
      ]);
    });
  }
});
