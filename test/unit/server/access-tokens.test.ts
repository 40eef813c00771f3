import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenVerifier, TokenRefused } from '../../../main/server/access-tokens';

/**
 * The service's check of a person's access token against a provider's keys served over HTTP, with real RSA
 * signatures: a token is remembered once verified, and remembering it never lets through a token the check
 * would refuse.
 */
const ISSUER = 'http://127.0.0.1/realms/stadt';
const AUDIENCE = 'urn:antragsdesk:department-service';
let server: Server;
let jwksUri: string;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((_, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});
afterAll(() => new Promise((done) => server.close(done)));

const settings = { issuer: ISSUER, audience: AUDIENCE, clientId: 'antragsdesk' };
const issuedAt = Date.parse('2026-12-07T10:00:00Z');

function token(claims: Record<string, unknown> = {}, expiresInSeconds = 300): Promise<string> {
  return new SignJWT({ department: 'buergerservice', roles: ['Sachbearbeitung'], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('anna.schmidt')
    .setIssuedAt(issuedAt / 1000)
    .setExpirationTime(issuedAt / 1000 + expiresInSeconds)
    .sign(privateKey);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TokenRefused);
  return (error as TokenRefused).refusal;
}

describe('accessTokenVerifier', () => {
  it('answers the person of a valid token, the same for the second call', async () => {
    const verify = accessTokenVerifier(settings, jwksUri, () => new Date(issuedAt + 1_000));
    const good = await token();
    const first = await verify(good);
    expect(first).toEqual({
      userId: 'anna.schmidt',
      displayName: 'anna.schmidt',
      department: 'buergerservice',
      roles: ['Sachbearbeitung'],
    });
    // A caller changing its copy changes nothing remembered.
    first.roles.push('Administration');
    expect(await verify(good)).toEqual({ ...first, roles: ['Sachbearbeitung'] });
  });

  it('refuses a remembered token once it has expired', async () => {
    let now = issuedAt + 1_000;
    const verify = accessTokenVerifier(settings, jwksUri, () => new Date(now));
    const good = await token({}, 60);
    await verify(good);
    now = issuedAt + 61_000 + 30_000; // past its expiry and the clock leeway
    expect(await refusal(verify(good))).toBe('expired');
  });

  it('checks a token changed in one byte anew, though the original was remembered', async () => {
    const verify = accessTokenVerifier(settings, jwksUri, () => new Date(issuedAt + 1_000));
    const good = await token();
    await verify(good);
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(await refusal(verify(`${header}.${payload}.${flipped}`))).toBe('signature');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        roles: ['Administration'],
      }),
    ).toString('base64url');
    expect(await refusal(verify(`${header}.${forged}.${signature}`))).toBe('signature');
  });

  it('refuses a token for another audience even after a good one was remembered', async () => {
    const verify = accessTokenVerifier(settings, jwksUri, () => new Date(issuedAt + 1_000));
    await verify(await token());
    const other = await new SignJWT({ department: 'buergerservice', roles: ['Sachbearbeitung'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience('urn:example:another-api')
      .setSubject('anna.schmidt')
      .setExpirationTime(issuedAt / 1000 + 300)
      .sign(privateKey);
    expect(await refusal(verify(other))).toBe('audience');
  });
});
