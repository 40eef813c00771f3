import { FIT_CONNECT_AUTO_REJECT_DAYS, FIT_CONNECT_REMINDER_DAYS } from '../shared/cases/deadlines';

/**
 * Values the platform mirrors from FIT-Connect. Several are **unconfirmed** (see the reference note): they are
 * kept here, in one table, so that they can be corrected without a hunt.
 */
export const FIT_CONNECT = {
  apiPrefix: '/v1',
  tokenPath: '/token',
  jwksPath: '/.well-known/jwks.json',
  tokenLifetimeSeconds: 1800,
  /** Legacy per-destination subscriber scope; the platform grants one per destination of the client. */
  subscriberScope: (destinationId: string) => `subscribe:destination:${destinationId}`,
  senderScope: 'send:region:DE',
  pageLimitDefault: 100,
  pageLimitMax: 500,
  /** Days after arrival on which the destination's operator is told that a submission still waits. */
  reminderDays: FIT_CONNECT_REMINDER_DAYS,
  autoRejectAfterDays: FIT_CONNECT_AUTO_REJECT_DAYS,
  /** A fetched and decided submission (also one rejected automatically) is deleted this many days later. */
  deleteDecidedAfterDays: 7,
  /** A submission never completed by its sender is deleted this many days after it was created. */
  deleteIncompleteAfterDays: 1,
  /** The callback announcing new submissions (body: type, submissionIds, submissions). */
  newSubmissionsCallback: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions',
  /** Unconfirmed: the callback type for events the subscriber did not cause (the service's reject and delete). */
  newEventsCallback: 'https://schema.fitko.de/fit-connect/submission-api/callbacks/new-events',
  /** Unconfirmed: which table entry the delivery service uses when it rejects an unclaimed submission. */
  autoRejectProblem: 'technical-error',
  /** Unconfirmed: which 1.x version introduced idBundDeMailbox; any 1.x validates against the derived schema. */
  metadataVersions: ['1.0.0', '1.2.0'],
} as const;

export interface PlatformLimits {
  /** Largest attachment JWE accepted on upload (bytes). */
  attachmentBytes: number;
  /** Largest JSON body (metadata + data JWEs of a submit). */
  jsonBytes: number;
  /** Largest posted event token. */
  eventBytes: number;
}

export const DEFAULT_LIMITS: PlatformLimits = {
  attachmentBytes: 2 * 1024 ** 3,
  jsonBytes: 64 * 1024 ** 2,
  eventBytes: 1024 ** 2,
};

/** Unconfirmed retry policy of callbacks: pauses before the 2nd, 3rd … attempt; then the callback is given up. */
export const CALLBACK_RETRY_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];

export const DAY_MS = 24 * 60 * 60 * 1000;
