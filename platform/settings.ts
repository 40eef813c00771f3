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
  autoRejectAfterDays: 14,
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

export const DAY_MS = 24 * 60 * 60 * 1000;
