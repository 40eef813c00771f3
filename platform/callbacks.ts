import { setTimeout as delay } from 'node:timers/promises';
import { callbackHeaders } from '../main/fitconnect/callback';
import type { Clock } from './clock';
import type { DestinationCallback, DestinationRepository } from './store/destinations';
import type { SubmissionRecord } from './store/submissions';

const ATTEMPT_TIMEOUT_MS = 10_000;

export type CallbackSubmission = Pick<SubmissionRecord, 'destinationId' | 'submissionId' | 'caseId'>;

/**
 * Calls a destination's callback URL, signed as FIT-Connect does (main/fitconnect/callback.ts), whenever
 * something happens its subscriber should sync for. Any 2xx is success; otherwise it tries again after each
 * pause of `retryDelaysMs`, then gives up (the subscriber's polling is the fallback). Never blocks the request
 * that caused it.
 */
export class CallbackSender {
  private readonly pending = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly destinations: DestinationRepository,
    private readonly clock: Clock,
    private readonly retryDelaysMs: readonly number[],
  ) {}

  /** Announces submissions of one destination, when it has a callback. */
  notify(type: string, destinationId: string, submissions: readonly CallbackSubmission[]): void {
    const callback = this.destinations.find(destinationId)?.callback;
    if (callback === undefined || submissions.length === 0 || this.stopping.signal.aborted) return;
    const body = JSON.stringify({
      type,
      // Deprecated by FITKO but still sent, for receivers that read only this.
      submissionIds: submissions.map((submission) => submission.submissionId),
      submissions: submissions.map(({ destinationId: id, submissionId, caseId }) => ({
        destinationId: id,
        submissionId,
        caseId,
      })),
    });
    const delivery = this.deliver(destinationId, callback, body).finally(() => {
      this.pending.delete(delivery);
    });
    this.pending.add(delivery);
  }

  /** Announces, per destination, what a sweep did (the service's own reject and delete events). */
  notifyEach(type: string, submissions: readonly CallbackSubmission[]): void {
    const destinations = new Set(submissions.map((submission) => submission.destinationId));
    for (const destinationId of destinations) {
      this.notify(
        type,
        destinationId,
        submissions.filter((submission) => submission.destinationId === destinationId),
      );
    }
  }

  private async deliver(destinationId: string, callback: DestinationCallback, body: string): Promise<void> {
    const signal = this.stopping.signal;
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt++) {
      try {
        if (attempt > 0) await delay(this.retryDelaysMs[attempt - 1], undefined, { signal });
        const response = await fetch(callback.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...callbackHeaders(callback.secret, body, this.clock()),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
        });
        await response.body?.cancel();
        if (response.status >= 200 && response.status < 300) return;
      } catch {
        // Refused, timed out or stopped: the next attempt, if any, decides.
      }
      if (signal.aborted) return;
    }
    // Ids only: the callback URL may name a person's machine.
    console.error(
      `[platform] callback for destination ${destinationId} given up after ${this.retryDelaysMs.length + 1} attempts`,
    );
  }

  /** Resolves once every callback under way succeeded or was given up. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  close(): void {
    this.stopping.abort();
  }
}
