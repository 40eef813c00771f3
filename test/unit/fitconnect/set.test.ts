import { randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeSet,
  EVENT_NAMES,
  eventNameOf,
  eventUri,
  SET_PAYLOAD_SCHEMA,
  SetError,
  type SigningKey,
  signSet,
  verifySet,
} from '../../../main/fitconnect/set';
import { type TestKeyPair, testKeyPair } from '../../support/platform-keys';

const submissionId = randomUUID();
const caseId = randomUUID();
const tags = { metadata: 'bWV0YQ', data: 'ZGF0YQ', attachments: { [randomUUID()]: 'YXR0' } };
let pair: TestKeyPair;
let other: TestKeyPair;
let signingKey: SigningKey;

const resolveOwn = () => pair.publicKey;

function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: SET_PAYLOAD_SCHEMA,
    jti: randomUUID(),
    iss: 'destination-1',
    iat: 1_700_000_000,
    sub: `submission:${submissionId}`,
    txn: `case:${caseId}`,
    events: { [eventUri('accept-submission')]: { authenticationTags: tags } },
    ...overrides,
  };
}

/** Signs arbitrary header and claims, to build tokens our signSet refuses to make. */
async function rawToken(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
  key = pair.privateKey,
) {
  return new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader({ typ: 'secevent+jwt', alg: 'PS512', kid: 'sig-1', ...header } as never)
    .sign(key);
}

async function verifyCode(token: string, resolve: () => unknown = resolveOwn, now?: number): Promise<string> {
  try {
    await verifySet(token, resolve as never, now === undefined ? {} : { now });
  } catch (error) {
    if (error instanceof SetError) return error.code;
    throw error;
  }
  throw new Error('expected a SetError');
}

beforeAll(async () => {
  pair = await testKeyPair(5);
  other = await testKeyPair(6);
  signingKey = { kid: 'sig-1', key: pair.privateKey };
});

describe('signSet / verifySet', () => {
  it('round-trips every event with header, claims and payload', async () => {
    for (const event of EVENT_NAMES) {
      const payload =
        event === 'reject-submission'
          ? { problems: [{ type: 'https://x/p', title: 'T', detail: 'D', instance: 'metadata' }] }
          : event === 'submit-submission' || event === 'accept-submission'
            ? { authenticationTags: tags }
            : {};
      const token = await signSet(
        { issuer: 'destination-1', submissionId, caseId, event, payload, issuedAt: 1_700_000_000 },
        signingKey,
      );
      const [header] = token.split('.');
      expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
        typ: 'secevent+jwt',
        alg: 'PS512',
        kid: 'sig-1',
      });
      const seen: unknown[] = [];
      const verified = await verifySet(token, (ref) => {
        seen.push(ref);
        return pair.publicKey;
      });
      expect(seen).toEqual([{ kid: 'sig-1', issuer: 'destination-1' }]);
      expect(verified.claims).toMatchObject({
        issuer: 'destination-1',
        issuedAt: 1_700_000_000,
        submissionId,
        caseId,
        event,
        payload,
        schema: SET_PAYLOAD_SCHEMA,
      });
      expect(verified.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('maps event URIs both ways and knows no others', () => {
    expect(eventUri('accept-submission')).toBe(
      'https://schema.fitko.de/fit-connect/events/accept-submission',
    );
    expect(eventNameOf('https://schema.fitko.de/fit-connect/events/delete-submission')).toBe(
      'delete-submission',
    );
    expect(eventNameOf('https://schema.fitko.de/fit-connect/events/explode')).toBeUndefined();
    expect(eventNameOf('https://example.org/events/accept-submission')).toBeUndefined();
  });

  it('refuses to sign what it would refuse to verify', async () => {
    const input = { issuer: 'd', submissionId, caseId, event: 'accept-submission' as const, issuedAt: 1 };
    await expect(signSet({ ...input, submissionId: 'nope' }, signingKey)).rejects.toMatchObject({
      code: 'invalid-sub',
    });
    await expect(signSet({ ...input, issuedAt: 1.5 }, signingKey)).rejects.toMatchObject({
      code: 'invalid-iat',
    });
    await expect(signSet(input, signingKey)).rejects.toMatchObject({ code: 'invalid-payload' });
  });

  it('names each header and signature failure precisely', async () => {
    const good = await rawToken(validClaims());
    expect((await verifySet(good, resolveOwn)).kid).toBe('sig-1');
    const [header = '', payload = '', signature = ''] = good.split('.');
    expect(await verifyCode(`${header}.${payload}`)).toBe('malformed-token');
    expect(
      await verifyCode(`${Buffer.from('{not json').toString('base64url')}.${payload}.${signature}`),
    ).toBe('malformed-token');
    expect(await verifyCode(`${header}.${Buffer.from('[1]').toString('base64url')}.${signature}`)).toBe(
      'malformed-token',
    );
    expect(await verifyCode(await rawToken(validClaims(), { typ: 'JWT' }))).toBe('invalid-typ');
    expect(await verifyCode(await rawToken(validClaims(), { alg: 'RS512' }))).toBe('unsupported-algorithm');
    expect(await verifyCode(await rawToken(validClaims(), { kid: '' }))).toBe('missing-kid');
    expect(await verifyCode(good, () => undefined)).toBe('unknown-key');
    expect(await verifyCode(good, () => other.publicKey)).toBe('invalid-signature');
    expect(await verifyCode(await rawToken(validClaims(), {}, other.privateKey))).toBe('invalid-signature');
    const forgedPayload = Buffer.from(JSON.stringify(validClaims({ iss: 'someone-else' }))).toString(
      'base64url',
    );
    expect(await verifyCode(`${header}.${forgedPayload}.${signature}`)).toBe('invalid-signature');
  });

  it('names each claim failure precisely', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ jti: undefined }, 'invalid-jti'],
      [{ jti: 'not-a-uuid' }, 'invalid-jti'],
      [{ iss: '' }, 'invalid-iss'],
      [{ iss: 42 }, 'invalid-iss'],
      [{ iat: '1700000000' }, 'invalid-iat'],
      [{ iat: 1.5 }, 'invalid-iat'],
      [{ iat: -1 }, 'invalid-iat'],
      [{ sub: submissionId }, 'invalid-sub'],
      [{ sub: 'submission:123' }, 'invalid-sub'],
      [{ txn: `submission:${caseId}` }, 'invalid-txn'],
      [{ txn: undefined }, 'invalid-txn'],
      [{ events: {} }, 'invalid-events'],
      [{ events: [] }, 'invalid-events'],
      [
        {
          events: {
            [eventUri('accept-submission')]: { authenticationTags: tags },
            [eventUri('delete-submission')]: {},
          },
        },
        'invalid-events',
      ],
      [{ events: { 'https://schema.fitko.de/fit-connect/events/approve-submission': {} } }, 'unknown-event'],
      [
        { $schema: 'https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json' },
        'invalid-schema',
      ],
      [{ events: { [eventUri('accept-submission')]: {} } }, 'invalid-payload'],
      [{ events: { [eventUri('accept-submission')]: 'yes' } }, 'invalid-payload'],
      [
        {
          events: { [eventUri('submit-submission')]: { authenticationTags: { data: 'x', attachments: {} } } },
        },
        'invalid-payload',
      ],
      [
        {
          events: {
            [eventUri('accept-submission')]: {
              authenticationTags: { ...tags, attachments: { 'no-uuid': 'x' } },
            },
          },
        },
        'invalid-payload',
      ],
      [{ events: { [eventUri('reject-submission')]: {} } }, 'invalid-payload'],
      [{ events: { [eventUri('reject-submission')]: { problems: [] } } }, 'invalid-payload'],
      [
        { events: { [eventUri('reject-submission')]: { problems: [{ type: 'x', title: 'y' }] } } },
        'invalid-payload',
      ],
    ];
    for (const [overrides, code] of cases) {
      expect({ overrides, code: await verifyCode(await rawToken(validClaims(overrides))) }).toEqual({
        overrides,
        code,
      });
    }
  });

  it('refuses an iat in the future when given the time, within a skew', async () => {
    const token = await rawToken(validClaims({ iat: 2_000_000_000 }));
    expect(await verifyCode(token, resolveOwn, 1_999_999_000)).toBe('invalid-iat');
    expect((await verifySet(token, resolveOwn, { now: 1_999_999_950 })).claims.issuedAt).toBe(2_000_000_000);
  });

  it('without $schema checks the payload shape but does not demand it', async () => {
    const lenient = validClaims({ $schema: undefined, events: { [eventUri('accept-submission')]: {} } });
    const verified = await verifySet(await rawToken(lenient), resolveOwn);
    expect(verified.claims.schema).toBeUndefined();
    expect(verified.claims.payload).toEqual({});
    const misshapen = validClaims({
      $schema: undefined,
      events: { [eventUri('accept-submission')]: { authenticationTags: 'x' } },
    });
    expect(await verifyCode(await rawToken(misshapen))).toBe('invalid-payload');
  });

  it('decodes without verifying, for choosing the key', async () => {
    const token = await rawToken(validClaims({ iss: 'destination-9' }), {}, other.privateKey);
    expect(decodeSet(token)).toMatchObject({
      kid: 'sig-1',
      claims: { issuer: 'destination-9', event: 'accept-submission' },
    });
  });
});
