/**
 * The technical receipt and rejection (the accept and reject SETs) under a hard kill: a child process posts
 * one to the platform and is killed (SIGKILL) before the vault records it; the next start on the same vault
 * finds the platform's log holding our decision and settles the item as a repeat. The platform holds one
 * decision, the vault its status.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendSubmission } from '../../../main/fitconnect/sender/send';
import { decodeSet } from '../../../main/fitconnect/set';
import { createFitConnectEventHandler } from '../../../main/fitconnect/subscriber';
import { Outbox, type OutboxItem } from '../../../main/outbox';
import { vaultStore } from '../../../main/store';
import type { DemoDestination } from '../../../platform/index';
import { createRandom } from '../../../platform/random';
import { composeSubmission } from '../../../platform/sender/compose';
import { demoEncryptionKey } from '../../support/platform-harness';
import {
  demoDestinations,
  lightApplication,
  type SubscriberFixture,
  sendLight,
  startSubscriber,
  syncInChild,
} from './fixtures';

describe('killed between posting an event and recording it, then restarted', () => {
  // A fixture each: the kill closes and reopens its vault, under the fixture's sync and store.
  let f: SubscriberFixture;
  beforeEach(async () => {
    f = await startSubscriber();
  });
  afterEach(async () => {
    await f?.close();
  });

  it.each([
    ['accept-submission', 'accepted'],
    ['reject-submission', 'rejected'],
  ] as const)(
    'the platform holds one %s and the vault its status',
    async (event, status) => {
      const [destination] = demoDestinations(f.platform);
      if (destination === undefined) throw new Error('no destination');
      const { submissionId, caseId: fitCaseId } = await send(destination, event);
      expect(await f.sync.run()).toMatchObject({ fetched: 1 });
      const decisions = async () =>
        (await f.sender.caseEvents(fitCaseId)).filter((token) => decodeSet(token).claims.event === event)
          .length;

      expect(await syncInChild(f, { deliverEvents: true, killAtSent: true })).toBe('killed');
      // The platform has the accept; the vault recorded nothing of the attempt.
      expect(await decisions()).toBe(1);
      const { vault } = f.vault;
      expect(vault.cases.findSubmission(submissionId)?.platformStatus).not.toBe(status);

      // The next start: the item left in flight is due again, and the handler asks the platform's log.
      const store = vaultStore(vault);
      const outbox = new Outbox({ store, random: () => 0, maxAttempts: 5 });
      outbox.register(
        'fitconnect.event',
        createFitConnectEventHandler({ store, connections: f.connections }),
      );
      outbox.start();
      let item: OutboxItem | undefined;
      try {
        for (let waited = 0; waited < 60_000; waited += 50) {
          item = (await outbox.list({})).find(
            (candidate) => candidate.idempotencyKey === `${event}:${submissionId}`,
          );
          if (item?.state === 'delivered' || item?.state === 'failed') break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await outbox.stop();
      }
      expect(item).toMatchObject({
        type: 'fitconnect.event',
        state: 'delivered',
        attempts: 2,
        deliveredAsRepeat: true,
      });
      expect(await decisions()).toBe(1);
      expect(vault.cases.findSubmission(submissionId)?.platformStatus).toBe(status);
    },
    120_000,
  );

  /** One application the checks pass (its receipt is queued), or one whose data was altered (rejected). */
  async function send(destination: DemoDestination, event: 'accept-submission' | 'reject-submission') {
    if (event === 'reject-submission') {
      const random = createRandom(53);
      const { app } = lightApplication('wohnsitzanmeldung', random);
      const composed = await composeSubmission(app, demoEncryptionKey(destination), {
        defect: 'data-hash-mismatch',
        random,
      });
      return sendSubmission(f.sender, destination.destinationId, composed);
    }
    const [light] = await sendLight(f.sender, [destination], 1, { seed: 51, attachmentSizes: [1_000] });
    if (light === undefined) throw new Error('nothing sent');
    return light.sent;
  }
});
