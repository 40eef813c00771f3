import type { JWK } from 'jose';

/**
 * What the subscriber needs per destination, as the lead wires it from the department profile
 * (`main/profile/stored.ts` `loadDestinationCredentials` gives the private JWKs).
 */
export interface DestinationCredentials {
  destinationId: string;
  /** The department (Fachbereich) whose cases arrive here. */
  department: string;
  clientId: string;
  clientSecret: string;
  /** Private RSA-OAEP-256 JWKs with `kid`: several while keys roll over. */
  decryptionKeys: JWK[];
  /** Private PS512 JWK with `kid`, for accept and reject events. */
  signingKey: JWK;
  /** Base URL of the Submission API, without the version prefix. */
  submissionApiUrl: string;
  tokenUrl: string;
  /** e.g. `/v1`. */
  apiPrefix: string;
  /**
   * `iss` of the delivery service's own SETs. **Unconfirmed**: believed to be the Submission API's base URL,
   * which is the default.
   */
  serviceIssuer?: string;
}

export interface SubscriberSettings {
  /** Submissions fetched at once. */
  submissionConcurrency: number;
  /** Attachment downloads at once (over all submissions). */
  attachmentConcurrency: number;
  /** Page size of the submission listing (FIT-Connect allows at most 500). */
  listPageSize: number;
  /**
   * The largest attachment the department accepts, in bytes: the decompression limit for `zip: "DEF"`
   * attachments, so a DEFLATE bomb is refused without exhausting memory or disk.
   */
  maxAttachmentBytes: number;
  /**
   * Attachment JWEs up to this size are read whole and decrypted by jose (RSA off the main thread); larger
   * ones stream with bounded memory. At most `attachmentConcurrency` of them are held at once.
   */
  bufferedAttachmentBytes: number;
  /** The largest metadata or form data (decrypted in memory), and its decompression limit. */
  maxDataBytes: number;
  /** The largest JSON answer read (a submission carries its metadata and data JWEs). */
  maxJsonBytes: number;
  /** Keep-alive connections per origin. */
  connections: number;
  connectTimeoutMs: number;
  /** Until the response headers arrive. */
  headersTimeoutMs: number;
  /** Longest pause between two chunks of a response body. */
  bodyTimeoutMs: number;
  /** Extra attempts of idempotent requests on 5xx, timeouts and broken connections. */
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** A token is renewed this long before `expires_in` runs out. */
  tokenRefreshMarginSeconds: number;
  /** Tolerated clock difference for the `iat` of event tokens. */
  maxClockSkewSeconds: number;
  /** The case's applicant name when the form data names nobody (e.g. documents handed in alone). */
  unnamedApplicant: string;
}

export const DEFAULT_SUBSCRIBER_SETTINGS: SubscriberSettings = {
  submissionConcurrency: 8,
  attachmentConcurrency: 8,
  listPageSize: 500,
  maxAttachmentBytes: 512 * 1024 ** 2,
  bufferedAttachmentBytes: 2 * 1024 ** 2,
  maxDataBytes: 32 * 1024 ** 2,
  maxJsonBytes: 96 * 1024 ** 2,
  connections: 16,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  retries: 5,
  retryBaseMs: 200,
  retryMaxMs: 5_000,
  tokenRefreshMarginSeconds: 60,
  maxClockSkewSeconds: 60,
  unnamedApplicant: 'Ohne Namensangabe',
};

/** Paths outside the versioned API. */
export const FIT_CONNECT_PATHS = {
  jwks: '/.well-known/jwks.json',
} as const;

export const MAX_LIST_PAGE_SIZE = 500;
