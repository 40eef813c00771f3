/**
 * From "a submission arrived" to its technical receipt (accept-submission) in the platform's event log, one
 * application at a time, against the local platform:
 * - callback: the delivery service's signed callback is posted to the app's receiver the moment the
 *   submission is submitted; the receiver verifies it and syncs, the outbox delivers the receipt;
 * - polling at the default interval (`DEFAULT_POLL_INTERVAL_MS`, 5 min): the same sync and delivery, measured,
 *   plus the wait until the next poll. A submission arrives independently of the poll clock, so that wait is
 *   uniform over the interval; it is drawn (seeded) rather than waited out, which would take 5 min a sample.
 * The receipt is seen by reading the case's event log every 10 ms (the resolution of both figures).
 *
 *   npx tsx test/bench/run.ts callback
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { DEFAULT_POLL_INTERVAL_MS } from '../../main/app/notifications';
import { callbackHeaders } from '../../main/fitconnect/callback';
import { decodeSet } from '../../main/fitconnect/set';
import { startCallbackReceiver } from '../../main/fitconnect/subscriber/callback-receiver';
import { createRandom } from '../../platform/random';
import {
  demoDestinations,
  type SubscriberFixture,
  sendLight,
  startSubscriber,
} from '../unit/subscriber/fixtures';
import { describeSamples, ratio } from './samples';

const SAMPLES = 15;
const SECRET = 'bench-callback-secret';

async function receipted(f: SubscriberFixture, caseId: string): Promise<void> {
  for (;;) {
    const events = (await f.sender.caseEvents(caseId)).map((token) => decodeSet(token).claims.event);
    if (events.includes('accept-submission')) return;
    await delay(10);
  }
}

export default async function bench(): Promise<void> {
  const f = await startSubscriber();
  f.outbox.start();
  const [destination] = demoDestinations(f.platform);
  if (destination === undefined) throw new Error('no destination');
  const receiver = await startCallbackReceiver({
    secretOf: (id) => (id === destination.destinationId ? SECRET : undefined),
    onNewSubmissions: () => void f.sync.run(),
  });
  const random = createRandom(99);
  try {
    const callback: number[] = [];
    const polling: number[] = [];
    const pollMeasured: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const [viaCallback] = await sendLight(f.sender, [destination], 1, { seed: 1000 + i });
      if (viaCallback === undefined) throw new Error('nothing sent');
      const { submissionId, caseId } = viaCallback.sent;
      const body = JSON.stringify({
        type: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions',
        submissions: [{ destinationId: destination.destinationId, submissionId, caseId }],
      });
      const start = performance.now();
      await fetch(`${receiver.url}/callbacks/${destination.destinationId}`, {
        method: 'POST',
        headers: callbackHeaders(SECRET, body, Date.now()),
        body,
      });
      await receipted(f, caseId);
      callback.push(performance.now() - start);

      const [viaPoll] = await sendLight(f.sender, [destination], 1, { seed: 5000 + i });
      if (viaPoll === undefined) throw new Error('nothing sent');
      const polled = performance.now();
      await f.sync.run();
      await receipted(f, viaPoll.sent.caseId);
      pollMeasured.push(performance.now() - polled);
      polling.push(random.int(0, DEFAULT_POLL_INTERVAL_MS) + (pollMeasured.at(-1) ?? 0));
    }
    console.log(describeSamples(`callback → receipt on the platform (${SAMPLES})`, callback));
    console.log(
      describeSamples(`poll every ${DEFAULT_POLL_INTERVAL_MS / 60_000} min → receipt (${SAMPLES})`, polling),
    );
    console.log(describeSamples("  of which the poll's sync → receipt (measured)", pollMeasured));
    console.log(`polling against callback: ${ratio(polling, callback)}`);
  } finally {
    await receiver.close();
    await f.close();
  }
}
