/**
 * The signed envelope every ZBP submission carries as its data: the message (or status update) as a JSON
 * string, an RSA-SHA512 signature of exactly that string, a short-lived author token and the certificate
 * both are verified with. All three are made with the department seal.
 */
import { sign } from 'node:crypto';
import { SignJWT } from 'jose';
import { assertSealValidAt, type SealCredentials } from '../../pki/seal/credentials';
import { DeliveryError } from '../errors';
import { certificatePem, commonName } from './certificate';
import { ZBP, type ZbpEnvelope } from './fields';

export async function signEnvelope(
  content: Readonly<Record<string, unknown>>,
  seal: SealCredentials,
  now: Date,
): Promise<ZbpEnvelope> {
  assertSealValidAt(seal, now);
  const signer = commonName(seal.certificate);
  if (signer === undefined) {
    throw new DeliveryError('seal-unavailable', { detail: 'the seal certificate names no common name' });
  }
  const text = JSON.stringify(content);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const authorToken = await new SignJWT({ signer, roles: [ZBP.authorToken.role] })
    .setProtectedHeader({ alg: ZBP.authorToken.algorithm, typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ZBP.authorToken.lifetimeSeconds)
    .sign(seal.privateKey);
  return {
    content: text,
    sha512sum: sign(ZBP.contentSignatureDigest, Buffer.from(text, 'utf8'), seal.privateKey).toString(
      'base64',
    ),
    authorToken,
    authorCertificate: certificatePem(seal.certificate),
  };
}
