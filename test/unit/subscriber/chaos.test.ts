import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSet } from '../../../main/fitconnect/set';
import type { SyncResult } from '../../../main/fitconnect/subscriber';
import {
  demoDestinations,
  type SentLight,
  type SubscriberFixture,
  sendLight,
  startSubscriber,
} from './fixtures';

const COUNT = 200;
const MAX_SYNC_RUNS = 10;

describe('sync and accept under chaos (20 % of requests fail, hang, reset or crawl)', () => {
  let f: SubscriberFixture;
  let sent: SentLight[];

  beforeAll(async () => {
    f = await startSubscriber({
      settings: {
        retries: 6,
        retryBaseMs: 20,
        retryMaxMs: 300,
        headersTimeoutMs: 2_000,
        bodyTimeoutMs: 2_000,
      },
    });
    sent = await sendLight(f.sender, demoDestinations(f.platform), COUNT, {
      seed: 81,
      concurrency: 6,
      attachmentSizes: [1_500],
    });
    f.platform.admin.setChaos({ rate: 0.2, seed: 4711, slowMs: 200, hangMs: 800 });
  }, 120_000);
  afterAll(async () => {
    await f?.close();
  });

  it('stores every submission exactly once and delivers one receipt (accept) for each', async () => {
    // Like a person pressing sync again until nothing is left.
    const runs: SyncResult[] = [];
    do runs.push(await f.sync.run());
    while ((runs.at(-1)?.failed ?? 0) + (runs.at(-1)?.issues.length ?? 0) > 0 && runs.length < MAX_SYNC_RUNS);
    console.log(
      `chaos sync: ${runs.length} run(s), faults injected ${JSON.stringify(f.platform.admin.injectedFaults())}`,
    );
    expect(runs.reduce((sum, run) => sum + run.fetched, 0)).toBe(COUNT);
    expect(runs.every((run) => run.verificationFailed === 0)).toBe(true);

    const { vault } = f.vault;
    expect(vault.cases.list({ department: 'buergerservice' }).total).toBe(COUNT);
    const intakes = f.audit.list({ limit: 500 }).filter((entry) => entry.action === 'fitconnect.intake');
    expect(intakes.map((entry) => entry.details.submissionId).sort()).toEqual(
      sent.map(({ sent: s }) => s.submissionId).sort(),
    );

    // The sync queued the receipt of each; delivered through the same chaos.
    for (let round = 0; round < 500; round++) {
      await f.outbox.processDue();
      const { pending, inFlight } = await f.outbox.summary();
      if (pending + inFlight === 0) break;
      // Retries wait their backoff (at most 200 ms here).
      await delay(50);
    }
    expect(await f.outbox.summary()).toEqual({ pending: 0, inFlight: 0, delivered: COUNT, failed: 0 });
    const faults = f.platform.admin.injectedFaults();
    console.log(`chaos total faults injected ${JSON.stringify(faults)}`);
    expect(Object.values(faults).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);

    f.platform.admin.setChaos({ rate: 0 });
    for (const { sent: submission } of sent) {
      const events = (await f.sender.caseEvents(submission.caseId)).map(
        (token) => decodeSet(token).claims.event,
      );
      expect(events.filter((event) => event === 'accept-submission')).toHaveLength(1);
      expect(events.filter((event) => event === 'reject-submission')).toHaveLength(0);
      expect(vault.cases.findSubmission(submission.submissionId)?.platformStatus).toBe('accepted');
    }
    expect(await f.sync.run()).toMatchObject({ listed: 0, fetched: 0, gone: 0, failed: 0 });
  }, 150_000);
});
