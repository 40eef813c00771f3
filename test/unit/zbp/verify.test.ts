import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { signEnvelope } from '../../../main/delivery/zbp/envelope';
import type { ZbpEnvelope } from '../../../main/delivery/zbp/fields';
import { verifyEnvelope } from '../../../platform/zbp/verify';
import { createSealPki, type SealPki } from '../delivery/support';
import { message } from './support';

const MINUTE = 60_000;

let pki: SealPki;
let signedAt: Date;
let envelope: ZbpEnvelope;

function bytes(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** An author token as the test wants it, signed with the seal key unless another key is given. */
function token(claims: Record<string, unknown>, lifetimeSeconds = 1800, key = pki.credentials.privateKey) {
  const iat = Math.floor(signedAt.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .sign(key);
}

beforeAll(async () => {
  pki = await createSealPki();
  signedAt = new Date();
  envelope = await signEnvelope(message(randomUUID()), pki.credentials, signedAt);
});

describe('the ZBP envelope check', () => {
  it('accepts what Antragsdesk signs, naming the certificate CN as signer', async () => {
    const verified = await verifyEnvelope(bytes(envelope), 'message', new Date(signedAt.getTime() + MINUTE));
    expect(verified).toMatchObject({ ok: true, kind: 'message', signer: 'Stadt Musterhausen Siegel' });
    expect(verified.ok && verified.content).toEqual(JSON.parse(envelope.content));
  });

  it('refuses content changed after signing, and a signature made with another key', async () => {
    const changed = {
      ...envelope,
      content: envelope.content.replace('Bewohnerparkausweis', 'Anwohnerparken'),
    };
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const foreign = {
      ...envelope,
      sha512sum: sign('sha512', Buffer.from(envelope.content), stranger).toString('base64'),
    };
    for (const broken of [changed, foreign]) {
      expect(await verifyEnvelope(bytes(broken), 'message', signedAt)).toEqual({
        ok: false,
        failure: 'content-signature-invalid',
        detail: 'sha512sum does not verify the content with authorCertificate',
      });
    }
  });

  it('refuses an author token that expired, was signed by another key, names another signer or role, or lives too long', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const cases: [string | Promise<string>, string, Date?][] = [
      [envelope.authorToken, 'author-token-expired', new Date(signedAt.getTime() + 31 * MINUTE + MINUTE)],
      [
        token({ signer: 'Stadt Musterhausen Siegel', roles: ['THIRD_PARTY'] }, 1800, stranger),
        'author-token-invalid',
      ],
      [token({ signer: 'Jemand anderes', roles: ['THIRD_PARTY'] }), 'author-token-signer-mismatch'],
      [token({ signer: 'Stadt Musterhausen Siegel', roles: ['CITIZEN'] }), 'author-token-invalid'],
      [token({ signer: 'Stadt Musterhausen Siegel', roles: ['THIRD_PARTY'] }, 7200), 'author-token-invalid'],
      [token({ roles: ['THIRD_PARTY'] }), 'author-token-invalid'],
    ];
    for (const [authorToken, failure, at] of cases) {
      const verified = await verifyEnvelope(
        bytes({ ...envelope, authorToken: await authorToken }),
        'message',
        at ?? signedAt,
      );
      expect(verified.ok ? 'accepted' : verified.failure).toBe(failure);
    }
  });

  it('refuses a certificate outside its validity and an envelope that is not one', async () => {
    const later = new Date(pki.credentials.notAfter.getTime() + MINUTE);
    expect(await verifyEnvelope(bytes(envelope), 'message', later)).toMatchObject({
      ok: false,
      failure: 'certificate-expired',
    });
    const { authorCertificate: _, ...withoutCertificate } = envelope;
    expect(await verifyEnvelope(bytes(withoutCertificate), 'message', signedAt)).toMatchObject({
      ok: false,
      failure: 'envelope-malformed',
      detail: 'envelope fields authorCertificate',
    });
    expect(await verifyEnvelope(Buffer.from('kein JSON'), 'message', signedAt)).toMatchObject({
      failure: 'envelope-malformed',
    });
    expect(
      await verifyEnvelope(
        bytes({ ...envelope, authorCertificate: '-----BEGIN CERTIFICATE-----\nAAAA\n' }),
        'message',
        signedAt,
      ),
    ).toMatchObject({ failure: 'certificate-invalid' });
  });

  it('checks the signed content against its schema only after the signature', async () => {
    const { title: _, ...untitled } = message(randomUUID());
    const signed = await signEnvelope(untitled, pki.credentials, signedAt);
    expect(await verifyEnvelope(bytes(signed), 'message', signedAt)).toEqual({
      ok: false,
      failure: 'content-malformed',
      detail: 'message fields title',
    });
    expect(await verifyEnvelope(bytes(envelope), 'status', signedAt)).toMatchObject({
      ok: false,
      failure: 'content-malformed',
    });
  });
});
