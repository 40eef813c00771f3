import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionReport } from '../../../main/fitconnect/subscriber';
import {
  demoDestinations,
  type LargeSubmission,
  type SubscriberFixture,
  sendLargeSubmission,
  startSubscriber,
  syncInChild,
} from './fixtures';

/**
 * 256 MiB here: with 1 GiB this file alone took about 60 s on two cores (most of it the upload), too slow
 * for the suite. The bench (`npx tsx test/bench/run.ts sync`) runs the same path with 1 GiB.
 */
const SIZE = 256 * 1024 ** 2;
const RSS_LIMIT = 200 * 1024 ** 2;

describe('a large attachment', () => {
  let f: SubscriberFixture;
  let sent: LargeSubmission;

  beforeAll(async () => {
    f = await startSubscriber();
    const [destination] = demoDestinations(f.platform);
    if (destination === undefined) throw new Error('no destination');
    sent = await sendLargeSubmission(f.platform, destination, SIZE);
  }, 240_000);
  afterAll(async () => {
    await f?.close();
  });

  it('is streamed into the vault with bounded memory and verified', async () => {
    // In a process of its own, so that nothing else (the platform, the test runner) moves its RSS.
    const run = await syncInChild(f, { settings: { maxAttachmentBytes: 2 * SIZE } });
    if (run === 'killed') throw new Error('sync child was killed');
    expect(run.result).toMatchObject({ fetched: 1, verificationFailed: 0, failed: 0 });
    const growth = run.peak - run.baseline;
    console.log(`${SIZE / 2 ** 20} MiB attachment: sync RSS growth ${(growth / 2 ** 20).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(RSS_LIMIT);

    const detail = f.vault.vault.cases.get(
      f.vault.vault.cases.findSubmission(sent.submissionId)?.caseId ?? '',
    );
    const report = detail.submissions[0]?.verificationReport as unknown as SubmissionReport;
    expect(report.passed).toBe(true);
    const [attachment] = detail.attachments;
    expect(attachment).toMatchObject({ attachmentId: sent.attachmentId, size: SIZE, sha512: sent.sha512 });
    // Read back from the vault's encrypted store, as a stream.
    const readBack = createHash('sha512');
    for await (const chunk of await f.vault.vault.attachments.openAttachmentStream(attachment?.id ?? '')) {
      readBack.update(chunk as Buffer);
    }
    expect(readBack.digest('hex')).toBe(sent.sha512);
  }, 240_000);
});
