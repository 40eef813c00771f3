import { randomUUID } from 'node:crypto';
import { type EventName, type EventPayload, type SigningKey, signSet } from '../main/fitconnect/set';
import type { Clock } from './clock';
import type { EventEntry, EventRepository } from './store/events';

/** Writes the delivery service's own events, signed with its key and issued in its name. */
export class EventLog {
  constructor(
    private readonly events: EventRepository,
    private readonly key: SigningKey,
    readonly issuer: string,
    private readonly clock: Clock,
  ) {}

  /** Signs an event without storing it: signing is async, storing happens in the caller's transaction. */
  async sign(input: {
    caseId: string;
    submissionId: string;
    event: EventName;
    payload?: EventPayload;
  }): Promise<EventEntry> {
    const now = this.clock();
    const jti = randomUUID();
    const token = await signSet(
      {
        issuer: this.issuer,
        submissionId: input.submissionId,
        caseId: input.caseId,
        event: input.event,
        ...(input.payload === undefined ? {} : { payload: input.payload }),
        issuedAt: Math.floor(now / 1000),
        jti,
      },
      this.key,
    );
    return {
      caseId: input.caseId,
      submissionId: input.submissionId,
      event: input.event,
      jti,
      token,
      createdAt: now,
    };
  }

  append(entry: EventEntry): void {
    this.events.append(entry);
  }
}
