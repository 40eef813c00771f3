import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendSubmission } from '../../../main/fitconnect/sender/send';
import { decodeSet } from '../../../main/fitconnect/set';
import { createSyncService, type SubmissionReport } from '../../../main/fitconnect/subscriber';
import type { OutboxItem, OutboxPayload } from '../../../main/outbox';
import { manualClock } from '../../../platform/index';
import { createRandom } from '../../../platform/random';
import { composeSubmission } from '../../../platform/sender/compose';
import { ApiCaller, demoEncryptionKey, subscriberEvent } from '../../support/platform-harness';
import {
  demoDestinations,
  lightApplication,
  type SentLight,
  type SubscriberFixture,
  sendLight,
  startProxy,
  startSubscriber,
  type TamperingProxy,
} from './fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Decoded events of a case's log on the platform, as the sender sees them. */
async function platformEvents(f: SubscriberFixture, caseId: string) {
  return (await f.sender.caseEvents(caseId)).map((token) => decodeSet(token));
}

function enqueue(
  f: SubscriberFixture,
  key: string,
  payload: OutboxPayload<'fitconnect.event'>,
): Promise<OutboxItem> {
  const caseId = f.vault.vault.cases.findSubmission(payload.submissionId)?.caseId ?? null;
  return f.store.transaction((tx) =>
    f.outbox.enqueue(tx, { type: 'fitconnect.event', idempotencyKey: key, caseId, payload }),
  );
}

describe('a submission for a service the department profile does not configure', () => {
  it('waits in Technische Prüfung: no receipt, no rejection, the report names the gap', async () => {
    const f = await startSubscriber({ configuredServices: new Set(['urn:de:example:another-service']) });
    try {
      const [destination] = demoDestinations(f.platform);
      if (destination === undefined) throw new Error('no destination');
      const [light] = await sendLight(f.sender, [destination], 1, { seed: 41, attachmentSizes: [1_000] });
      if (light === undefined) throw new Error('nothing sent');
      expect(await f.sync.run()).toMatchObject({ fetched: 1, verificationFailed: 1 });
      const { vault } = f.vault;
      const stored = vault.cases.get(vault.cases.findSubmission(light.sent.submissionId)?.caseId ?? '');
      expect(stored.case).toMatchObject({ status: 'new', verification: 'pending' });
      expect(await f.outbox.list({})).toEqual([]);
      const report = stored.submissions[0]?.verificationReport as unknown as SubmissionReport;
      expect(report.checks.find((check) => check.check === 'service.configured')).toMatchObject({
        passed: false,
        reason: 'service.not-configured',
      });
      expect(report.verdict).toBe('pending');
    } finally {
      await f.close();
    }
  });
});

describe('the receipt and the rejection through the outbox', () => {
  let f: SubscriberFixture;
  let sent: SentLight[];
  let failedSubmission: { submissionId: string; caseId: string };
  /** Encrypted for a key id the destination does not hold: maybe a key not configured yet, so they wait. */
  let waiting: { submissionId: string; caseId: string }[];

  beforeAll(async () => {
    f = await startSubscriber();
    const [destination] = demoDestinations(f.platform);
    if (destination === undefined) throw new Error('no destination');
    sent = await sendLight(f.sender, [destination], 3, { seed: 21, attachmentSizes: [1_000, 2_000] });
    const random = createRandom(31);
    const sendDefective = async (defect: 'data-hash-mismatch' | 'unknown-kid') => {
      const { app } = lightApplication('wohnsitzanmeldung', random);
      const composed = await composeSubmission(app, demoEncryptionKey(destination), { defect, random });
      return sendSubmission(f.sender, destination.destinationId, composed);
    };
    failedSubmission = await sendDefective('data-hash-mismatch');
    waiting = [await sendDefective('unknown-kid'), await sendDefective('unknown-kid')];
    expect(await f.sync.run()).toMatchObject({ fetched: 6, verificationFailed: 3 });
  });
  afterAll(async () => {
    await f?.close();
  });

  const storedCase = (submissionId: string) =>
    f.vault.vault.cases.get(f.vault.vault.cases.findSubmission(submissionId)?.caseId ?? '');

  it('the sync queues the receipt of each verified submission and the rejection of the failed one, nothing for those that wait', async () => {
    expect((await f.outbox.list({})).map((item) => item.idempotencyKey).sort()).toEqual(
      [
        ...sent.map((light) => `accept-submission:${light.sent.submissionId}`),
        `reject-submission:${failedSubmission.submissionId}`,
      ].sort(),
    );
    expect(await f.outbox.processDue()).toBe(4);
    expect(await f.outbox.list({ state: 'delivered' })).toHaveLength(4);

    const [first] = sent;
    if (first === undefined) throw new Error('nothing sent');
    const { submissionId, caseId, destinationId } = first.sent;
    const events = await platformEvents(f, caseId);
    const accepts = events.filter((e) => e.claims.event === 'accept-submission');
    expect(accepts).toHaveLength(1);
    expect(accepts[0]?.claims).toMatchObject({
      issuer: destinationId,
      submissionId,
      caseId,
      schema: 'https://schema.fitko.de/fit-connect/set-payload/1.2.2/set-payload.schema.json',
      payload: { authenticationTags: storedCase(submissionId).submissions[0]?.authenticationTags },
    });
    expect(accepts[0]?.kid).toBe(demoDestinations(f.platform)[0]?.signingKey.kid);
    expect(f.vault.vault.cases.findSubmission(submissionId)?.platformStatus).toBe('accepted');
    // The case worker has not seen it yet: the receipt is technical, the case is still new.
    expect(storedCase(submissionId).case).toMatchObject({ status: 'new', verification: 'passed' });

    // The failed one is rejected with the problem its report found, at the part it names.
    const failed = storedCase(failedSubmission.submissionId);
    expect(failed.case).toMatchObject({ status: 'rejected', verification: 'failed' });
    const report = failed.submissions[0]?.verificationReport as unknown as SubmissionReport;
    expect(report.suggestedProblems.map((p) => p.instance)).toEqual(['data']);
    const [reject] = (await platformEvents(f, failedSubmission.caseId)).filter(
      (e) => e.claims.event === 'reject-submission',
    );
    expect(reject?.claims.payload.problems).toEqual([
      expect.objectContaining({
        type: 'https://schema.fitko.de/fit-connect/events/problems/hash-mismatch',
        instance: 'data',
        detail: 'The SHA-512 of the form data differs from the metadata.',
      }),
    ]);

    for (const { submissionId: id, caseId: fitCaseId } of waiting) {
      expect(storedCase(id).case).toMatchObject({ status: 'new', verification: 'pending' });
      const decided = (await platformEvents(f, fitCaseId)).filter((e) =>
        ['accept-submission', 'reject-submission'].includes(e.claims.event),
      );
      expect(decided).toEqual([]);
    }
  });

  it('counts a repeated delivery (409, our accept already in the log) as delivered, without a second event', async () => {
    const [first] = sent;
    if (first === undefined) throw new Error('nothing sent');
    const { submissionId, caseId } = first.sent;
    const repeat = await enqueue(f, `accept-again:${submissionId}`, {
      event: 'accept-submission',
      submissionId,
    });
    await f.outbox.processDue();
    const item = (await f.outbox.list({ state: 'delivered' })).find((i) => i.id === repeat.id);
    expect(item).toMatchObject({ deliveredAsRepeat: true, receipt: { status: 409 } });
    const accepts = (await platformEvents(f, caseId)).filter((e) => e.claims.event === 'accept-submission');
    expect(accepts).toHaveLength(1);
  });

  it('posts a reject with the chosen problem and the text of the person who checked it', async () => {
    const [first] = waiting;
    if (first === undefined) throw new Error('nothing waiting');
    const { submissionId, caseId } = first;
    await enqueue(f, `reject:${submissionId}`, {
      event: 'reject-submission',
      submissionId,
      problem: 'schema-violation',
      text: 'Die Angaben zur Wohnung fehlen.',
    });
    await f.outbox.processDue();
    const rejects = (await platformEvents(f, caseId)).filter((e) => e.claims.event === 'reject-submission');
    expect(rejects.map((e) => e.claims.payload.problems)).toEqual([
      [
        {
          type: 'https://schema.fitko.de/fit-connect/events/problems/schema-violation',
          title: 'Schema-Verletzung',
          detail: 'Die Angaben zur Wohnung fehlen.',
          instance: 'data',
        },
      ],
    ]);
    expect(f.vault.vault.cases.findSubmission(submissionId)?.platformStatus).toBe('rejected');
  });

  it('fails permanently when the submission was decided otherwise, or the problem is not in the table', async () => {
    const [rejected, open] = waiting;
    if (rejected === undefined || open === undefined) throw new Error('nothing waiting');
    const conflicting = await enqueue(f, `accept:${rejected.submissionId}`, {
      event: 'accept-submission',
      submissionId: rejected.submissionId,
    });
    const unknown = await enqueue(f, `reject:${open.submissionId}`, {
      event: 'reject-submission',
      submissionId: open.submissionId,
      problem: 'constructor',
    });
    await f.outbox.processDue();
    const failed = await f.outbox.list({ state: 'failed' });
    expect(failed.find((i) => i.id === conflicting.id)?.lastError).toMatch(/^already-decided/);
    expect(failed.find((i) => i.id === unknown.id)?.lastError).toMatch(/^unknown-problem/);
    expect(f.vault.vault.cases.findSubmission(rejected.submissionId)?.platformStatus).toBe('rejected');
    expect(f.vault.vault.cases.findSubmission(open.submissionId)?.platformStatus).toBe('submitted');
  });
});

describe('"Technische Prüfung": a submission whose schema is not known here', () => {
  let f: SubscriberFixture;
  let sent: SentLight;

  beforeAll(async () => {
    f = await startSubscriber();
    const [destination] = demoDestinations(f.platform);
    if (destination === undefined) throw new Error('no destination');
    [sent] = (await sendLight(f.sender, [destination], 1, { seed: 5 })) as [SentLight];
  });
  afterAll(async () => {
    await f?.close();
  });

  it('waits with nothing sent, and once the schema is configured, verified again, is receipted', async () => {
    const { submissionId, caseId } = sent.sent;
    // This installation does not know the service's schema yet.
    const unconfigured = createSyncService({
      store: f.store,
      catalog: { entries: [], schemaFor: () => null },
      connections: f.connections,
      outbox: f.outbox,
    });
    expect(await unconfigured.run()).toMatchObject({ fetched: 1, verificationFailed: 1 });
    const stored = () =>
      f.vault.vault.cases.get(f.vault.vault.cases.findSubmission(submissionId)?.caseId ?? '');
    expect(stored().case).toMatchObject({ status: 'new', verification: 'pending' });
    expect(await f.outbox.list({})).toEqual([]);
    const report = stored().submissions[0]?.verificationReport as unknown as SubmissionReport;
    expect(report.checks.filter((check) => !check.passed).map((check) => check.reason)).toEqual([
      'data.schema-unknown',
    ]);

    // Configured now (f.sync knows the shipped schemas): verified again, it passes and the receipt goes out.
    await f.sync.verifyAgain(stored().case.id);
    expect(stored().case).toMatchObject({ status: 'new', verification: 'passed' });
    expect(stored().submissions).toHaveLength(1);
    expect((await f.outbox.list({})).map((item) => item.idempotencyKey)).toEqual([
      `accept-submission:${submissionId}`,
    ]);
    await f.outbox.processDue();
    const decided = (await platformEvents(f, caseId)).filter((e) => e.claims.event.endsWith('-submission'));
    expect(decided.map((e) => e.claims.event)).toContain('accept-submission');
    expect(f.vault.vault.cases.findSubmission(submissionId)?.platformStatus).toBe('accepted');
    const intakes = f.audit.list({ limit: 50 }).filter((entry) => entry.action === 'fitconnect.intake');
    expect(intakes.map((entry) => entry.details.verification)).toEqual(['pending', 'passed']);
  });
});

describe('submissions that disappear from the listing', () => {
  let f: SubscriberFixture;
  let proxy: TamperingProxy;
  const clock = manualClock(Date.now());
  let sent: SentLight[];

  beforeAll(async () => {
    proxy = await startProxy();
    f = await startSubscriber({ proxy, platform: { clock }, now: () => new Date(clock()) });
    sent = await sendLight(f.sender, demoDestinations(f.platform), 4, { seed: 41 });
    expect(await f.sync.run()).toMatchObject({ fetched: 4 });
  });
  afterAll(async () => {
    await f?.close();
    await proxy?.close();
  });

  it('marks them with what the event log says, or gone, and keeps everything', async () => {
    const [elsewhere, unreadable] = sent;
    if (elsewhere === undefined || unreadable === undefined) throw new Error('nothing sent');
    // Another workstation accepts two of them; the log of the second cannot be read.
    const api = new ApiCaller(f.platform.url);
    const department = f.platform.demo.departments[0];
    const token = await api.token(department?.clientId ?? '', department?.clientSecret ?? '');
    for (const { sent: submission } of [elsewhere, unreadable]) {
      const stored = f.vault.vault.cases.get(
        f.vault.vault.cases.findSubmission(submission.submissionId)?.caseId ?? '',
      );
      const destination = demoDestinations(f.platform).find(
        (d) => d.destinationId === submission.destinationId,
      );
      if (destination === undefined) throw new Error('destination missing');
      const accept = await subscriberEvent(destination, {
        caseId: submission.caseId,
        submissionId: submission.submissionId,
        event: 'accept-submission',
        payload: { authenticationTags: stored.submissions[0]?.authenticationTags as never },
      });
      expect((await api.postJose(`/v1/cases/${submission.caseId}/events`, token, accept)).status).toBe(204);
    }
    proxy.rewrite = (path, answer) =>
      path.startsWith(`/v1/cases/${unreadable.sent.caseId}/events`)
        ? {
            status: 404,
            contentType: 'application/problem+json',
            body: Buffer.from('{"title":"Case not found"}'),
          }
        : answer;

    const result = await f.sync.run();
    expect(result).toMatchObject({ listed: 2, fetched: 0, gone: 2, failed: 0 });
    expect(f.vault.vault.cases.findSubmission(elsewhere.sent.submissionId)?.platformStatus).toBe('accepted');
    expect(f.vault.vault.cases.findSubmission(unreadable.sent.submissionId)?.platformStatus).toBe('gone');
    for (const { sent: submission, light } of [elsewhere, unreadable]) {
      const detail = f.vault.vault.cases.get(
        f.vault.vault.cases.findSubmission(submission.submissionId)?.caseId ?? '',
      );
      expect(detail.attachments).toHaveLength(light.app.attachments.length);
      await expect(
        f.vault.vault.attachments.readAttachment(detail.attachments[0]?.id ?? ''),
      ).resolves.toBeInstanceOf(Buffer);
    }
    // Nothing left to settle: a further sync changes nothing.
    expect(await f.sync.run()).toMatchObject({ listed: 2, fetched: 0, gone: 0 });
  });

  it('marks a submission the platform rejected after 14 days as rejected', async () => {
    clock.advance(15 * DAY_MS);
    expect(await f.platform.admin.rejectOverdue()).toBe(2);
    const result = await f.sync.run();
    expect(result).toMatchObject({ listed: 0, gone: 2, failed: 0 });
    for (const { sent: submission } of sent.slice(2)) {
      expect(f.vault.vault.cases.findSubmission(submission.submissionId)?.platformStatus).toBe('rejected');
    }
    const vanished = f.audit.list({}).filter((entry) => entry.action === 'fitconnect.vanished');
    expect(vanished.map((entry) => entry.details.platformStatus).sort()).toEqual([
      'accepted',
      'gone',
      'rejected',
      'rejected',
    ]);
  });
});
