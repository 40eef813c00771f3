import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionPool } from '../../../main/fitconnect/decrypt-pool';
import { createSyncService, openSubscriberConnections } from '../../../main/fitconnect/subscriber';
import {
  catalog,
  demoCredentials,
  demoDestinations,
  type SentLight,
  type SubscriberFixture,
  sendLight,
  startSubscriber,
  TEST_SETTINGS,
} from './fixtures';

const COUNT = 4;

describe('sync decrypting on worker threads', () => {
  let f: SubscriberFixture;
  let sent: SentLight[];

  beforeAll(async () => {
    f = await startSubscriber();
    sent = await sendLight(f.sender, demoDestinations(f.platform), COUNT, {
      seed: 17,
      attachmentSizes: [10_000, 20_000],
    });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('leaves submissions whose decryption threads failed for the next sync, not judged and not lost', async () => {
    const stopped = new DecryptionPool({ threads: 1 });
    await stopped.close();
    // Attachments stream here, so the content-key unwrap goes to the (stopped) threads as well.
    const connections = openSubscriberConnections(
      demoCredentials(f.platform),
      { ...TEST_SETTINGS, bufferedAttachmentBytes: 0 },
      stopped,
    );
    const sync = createSyncService({ store: f.store, catalog, connections, outbox: f.outbox });
    try {
      const failed = await sync.run();
      expect(failed).toMatchObject({ listed: COUNT, fetched: 0, failed: COUNT, verificationFailed: 0 });
      expect(new Set(failed.issues.map((issue) => issue.code))).toEqual(
        new Set(['decryption-worker-failed']),
      );
      for (const { sent: submission } of sent) {
        expect(await f.store.cases.findSubmission(submission.submissionId)).toBeNull();
      }
    } finally {
      await connections.close();
    }

    const resumed = await f.sync.run();
    expect(resumed).toMatchObject({ listed: COUNT, fetched: COUNT, failed: 0, verificationFailed: 0 });
  });
});
