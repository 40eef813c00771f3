import { type KeyObject, randomUUID } from 'node:crypto';
import { CompactSign, type CryptoKey, compactVerify, errors } from 'jose';
import { CodedError } from '../../shared/coded-error';

/** Security Event Tokens: the signed entries of a case's event log. */
export const SET_TYPE = 'secevent+jwt';
export const SET_ALGORITHM = 'PS512';
/** The version the delivery service uses in its own `submit-submission` tokens; newer environments refuse 1.0.0. */
export const SET_PAYLOAD_SCHEMA =
  'https://schema.fitko.de/fit-connect/set-payload/1.2.2/set-payload.schema.json';
const SET_PAYLOAD_SCHEMA_PATTERN =
  /^https:\/\/schema\.fitko\.de\/fit-connect\/set-payload\/\d+\.\d+\.\d+\/set-payload\.schema\.json$/;
export const EVENT_URI_PREFIX = 'https://schema.fitko.de/fit-connect/events/';
export const EVENT_NAMES = [
  'create-submission',
  'submit-submission',
  'notify-submission',
  'forward-submission',
  'accept-submission',
  'reject-submission',
  'delete-submission',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBJECT = /^submission:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const TRANSACTION = /^case:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export type SetErrorCode =
  | 'malformed-token'
  | 'invalid-typ'
  | 'unsupported-algorithm'
  | 'missing-kid'
  | 'unknown-key'
  | 'invalid-signature'
  | 'invalid-jti'
  | 'invalid-iss'
  | 'invalid-iat'
  | 'invalid-sub'
  | 'invalid-txn'
  | 'invalid-events'
  | 'unknown-event'
  | 'invalid-schema'
  | 'invalid-payload';

const messages: Record<SetErrorCode, string> = {
  'malformed-token': 'The event token is not a well-formed compact JWS with a JSON header and payload.',
  'invalid-typ': 'The event token header typ is not secevent+jwt.',
  'unsupported-algorithm': 'The event token is not signed with PS512.',
  'missing-kid': 'The event token header names no key id.',
  'unknown-key': 'No verification key is known for the event token issuer and key id.',
  'invalid-signature': 'The event token signature does not verify.',
  'invalid-jti': 'The event token jti is missing or not a UUID.',
  'invalid-iss': 'The event token iss is missing or empty.',
  'invalid-iat': 'The event token iat is missing, not a whole number of seconds, or in the future.',
  'invalid-sub': 'The event token sub is not submission:<uuid>.',
  'invalid-txn': 'The event token txn is not case:<uuid>.',
  'invalid-events': 'The event token does not carry exactly one event.',
  'unknown-event': 'The event token carries an event that is not a FIT-Connect event.',
  'invalid-schema': 'The event token $schema is not a FIT-Connect set-payload schema.',
  'invalid-payload': 'The event payload lacks or misshapes what its event requires.',
};

export class SetError extends CodedError<SetErrorCode> {
  constructor(code: SetErrorCode, options?: ErrorOptions) {
    super(code, messages[code], options);
    this.name = 'SetError';
  }
}

export interface AuthenticationTags {
  metadata: string;
  /** Absent for a submission without data (e.g. documents handed in later). */
  data?: string;
  attachments: Record<string, string>;
}

/** A rejection problem as carried in `reject-submission` (see problems.ts for the table). */
import type { SetProblem } from '../../shared/fitconnect/problems';

export type { SetProblem };

export interface EventPayload {
  authenticationTags?: AuthenticationTags;
  problems?: SetProblem[];
}

export interface SigningKey {
  readonly kid: string;
  readonly key: KeyObject;
}

export interface SetInput {
  issuer: string;
  submissionId: string;
  caseId: string;
  event: EventName;
  payload?: EventPayload;
  /** Seconds since the epoch. */
  issuedAt: number;
  jti?: string;
}

export interface SetClaims {
  jti: string;
  issuer: string;
  issuedAt: number;
  submissionId: string;
  caseId: string;
  event: EventName;
  payload: EventPayload;
  schema?: string;
}

export interface DecodedSet {
  kid: string;
  claims: SetClaims;
}

export interface KeyReference {
  kid: string;
  issuer: string;
}
/** A Node key or a WebCrypto key (what jose's JWKS helpers return). */
export type VerificationKey = KeyObject | CryptoKey;
export type KeyResolver = (
  ref: KeyReference,
) => VerificationKey | undefined | Promise<VerificationKey | undefined>;

export interface VerifyOptions {
  /** Seconds since the epoch; when given, an `iat` further than `maxClockSkewSeconds` ahead is refused. */
  now?: number;
  maxClockSkewSeconds?: number;
}

export function eventUri(name: EventName): string {
  return EVENT_URI_PREFIX + name;
}

export function eventNameOf(uri: string): EventName | undefined {
  if (!uri.startsWith(EVENT_URI_PREFIX)) return undefined;
  const name = uri.slice(EVENT_URI_PREFIX.length);
  return EVENT_NAMES.find((known) => known === name);
}

export async function signSet(input: SetInput, key: SigningKey): Promise<string> {
  const claims = {
    $schema: SET_PAYLOAD_SCHEMA,
    jti: input.jti ?? randomUUID(),
    iss: input.issuer,
    iat: input.issuedAt,
    sub: `submission:${input.submissionId}`,
    txn: `case:${input.caseId}`,
    events: { [eventUri(input.event)]: input.payload ?? {} },
  };
  // Refuse to sign what verifySet would refuse, so both sides hold the same rules.
  checkClaims(claims);
  return new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader({ typ: SET_TYPE, alg: SET_ALGORITHM, kid: key.kid })
    .sign(key.key);
}

/** Checks header and claims without the signature, e.g. to pick the verification key. */
export function decodeSet(token: string): DecodedSet {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !BASE64URL.test(part)))
    throw new SetError('malformed-token');
  const header = parseJsonObject(parts[0] ?? '');
  if (header.typ !== SET_TYPE) throw new SetError('invalid-typ');
  if (header.alg !== SET_ALGORITHM) throw new SetError('unsupported-algorithm');
  if (typeof header.kid !== 'string' || header.kid === '') throw new SetError('missing-kid');
  return { kid: header.kid, claims: checkClaims(parseJsonObject(parts[1] ?? '')) };
}

export async function verifySet(
  token: string,
  resolveKey: KeyResolver,
  options: VerifyOptions = {},
): Promise<DecodedSet> {
  const decoded = decodeSet(token);
  const { now, maxClockSkewSeconds = 60 } = options;
  if (now !== undefined && decoded.claims.issuedAt > now + maxClockSkewSeconds)
    throw new SetError('invalid-iat');
  const key = await resolveKey({ kid: decoded.kid, issuer: decoded.claims.issuer });
  if (key === undefined) throw new SetError('unknown-key');
  try {
    await compactVerify(token, key, { algorithms: [SET_ALGORITHM] });
  } catch (cause) {
    if (cause instanceof errors.JWSSignatureVerificationFailed)
      throw new SetError('invalid-signature', { cause });
    throw new SetError('malformed-token', { cause });
  }
  return decoded;
}

function parseJsonObject(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new SetError('malformed-token', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SetError('malformed-token');
  return value as Record<string, unknown>;
}

function checkClaims(claims: Record<string, unknown>): SetClaims {
  const { jti, iss, iat, sub, txn, events, $schema } = claims;
  if (typeof jti !== 'string' || !UUID.test(jti)) throw new SetError('invalid-jti');
  if (typeof iss !== 'string' || iss === '') throw new SetError('invalid-iss');
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < 0) throw new SetError('invalid-iat');
  const submissionId = typeof sub === 'string' ? SUBJECT.exec(sub)?.[1] : undefined;
  if (submissionId === undefined) throw new SetError('invalid-sub');
  const caseId = typeof txn === 'string' ? TRANSACTION.exec(txn)?.[1] : undefined;
  if (caseId === undefined) throw new SetError('invalid-txn');
  if (typeof events !== 'object' || events === null || Array.isArray(events))
    throw new SetError('invalid-events');
  const entries = Object.entries(events);
  const [entry] = entries;
  if (entry === undefined || entries.length !== 1) throw new SetError('invalid-events');
  const event = eventNameOf(entry[0]);
  if (event === undefined) throw new SetError('unknown-event');
  if ($schema !== undefined && (typeof $schema !== 'string' || !SET_PAYLOAD_SCHEMA_PATTERN.test($schema))) {
    throw new SetError('invalid-schema');
  }
  const payload = checkPayload(event, entry[1], $schema !== undefined);
  return {
    jti,
    issuer: iss,
    issuedAt: iat,
    submissionId,
    caseId,
    event,
    payload,
    ...($schema === undefined ? {} : { schema: $schema as string }),
  };
}

/** With `$schema` present the payload its event requires must be there; without it only its shape is checked. */
function checkPayload(event: EventName, value: unknown, strict: boolean): EventPayload {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SetError('invalid-payload');
  const { authenticationTags, problems } = value as Record<string, unknown>;
  const payload: EventPayload = {};
  if (authenticationTags !== undefined) payload.authenticationTags = checkTags(authenticationTags);
  if (problems !== undefined) payload.problems = checkProblems(problems);
  const needsTags = event === 'submit-submission' || event === 'accept-submission';
  if (strict && needsTags && payload.authenticationTags === undefined) throw new SetError('invalid-payload');
  if (strict && event === 'reject-submission' && payload.problems === undefined)
    throw new SetError('invalid-payload');
  return payload;
}

function checkTags(value: unknown): AuthenticationTags {
  if (typeof value !== 'object' || value === null) throw new SetError('invalid-payload');
  const { metadata, data, attachments } = value as Record<string, unknown>;
  const isTag = (tag: unknown): tag is string => typeof tag === 'string' && BASE64URL.test(tag);
  if (!isTag(metadata) || (data !== undefined && !isTag(data))) throw new SetError('invalid-payload');
  const attachmentTags = attachments ?? {};
  if (typeof attachmentTags !== 'object' || attachmentTags === null || Array.isArray(attachmentTags)) {
    throw new SetError('invalid-payload');
  }
  const entries = Object.entries(attachmentTags);
  if (!entries.every(([id, tag]) => UUID.test(id) && isTag(tag))) throw new SetError('invalid-payload');
  return { metadata, ...(data === undefined ? {} : { data }), attachments: Object.fromEntries(entries) };
}

function checkProblems(value: unknown): SetProblem[] {
  if (!Array.isArray(value) || value.length === 0) throw new SetError('invalid-payload');
  return value.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw new SetError('invalid-payload');
    const { type, title, detail, instance } = item as Record<string, unknown>;
    const isText = (text: unknown): text is string => typeof text === 'string' && text !== '';
    if (
      !isText(type) ||
      !isText(title) ||
      !isText(instance) ||
      (detail !== undefined && typeof detail !== 'string')
    ) {
      throw new SetError('invalid-payload');
    }
    return { type, title, instance, ...(detail === undefined ? {} : { detail }) };
  });
}
