/**
 * The ZBP's check of a signed envelope, in the order a receiver must do it: the author certificate (valid
 * now, RSA), the RSA-SHA512 signature over the content's exact bytes, the author token (RS512 with the same
 * certificate's key, not expired, no longer-lived than allowed, naming the certificate's CN as signer and
 * the sender role), and only then the content against its schema.
 */
import { verify, X509Certificate } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import type { z } from 'zod';
import { commonName } from '../../main/delivery/zbp/certificate';
import {
  authorTokenClaimsSchema,
  envelopeSchema,
  messageSchema,
  statusSchema,
  ZBP,
  type ZbpKind,
  type ZbpMessage,
  type ZbpStatusUpdate,
} from '../../main/delivery/zbp/fields';

export type EnvelopeFailure =
  | 'envelope-malformed'
  | 'certificate-invalid'
  | 'certificate-expired'
  | 'content-signature-invalid'
  | 'author-token-invalid'
  | 'author-token-expired'
  | 'author-token-signer-mismatch'
  | 'content-malformed';

export type VerifiedEnvelope =
  | { ok: true; kind: 'message'; signer: string; content: ZbpMessage }
  | { ok: true; kind: 'status'; signer: string; content: ZbpStatusUpdate }
  | { ok: false; failure: EnvelopeFailure; detail: string };

/** Clock skew tolerated between the authority and the ZBP. */
const SKEW_SECONDS = 60;

function fail(failure: EnvelopeFailure, detail: string): VerifiedEnvelope {
  return { ok: false, failure, detail };
}

function parseJson(bytes: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

function fieldsOf(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.path.join('.') || '(root)'))].join(', ');
}

export async function verifyEnvelope(data: Uint8Array, kind: ZbpKind, now: Date): Promise<VerifiedEnvelope> {
  const envelope = envelopeSchema.safeParse(parseJson(data));
  if (!envelope.success) return fail('envelope-malformed', `envelope fields ${fieldsOf(envelope.error)}`);
  const { content, sha512sum, authorToken, authorCertificate } = envelope.data;

  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(authorCertificate);
  } catch {
    return fail('certificate-invalid', 'authorCertificate is not a readable X.509 certificate');
  }
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
    return fail('certificate-invalid', 'authorCertificate does not hold an RSA key');
  }
  const at = now.getTime();
  if (at < Date.parse(certificate.validFrom) || at > Date.parse(certificate.validTo)) {
    return fail('certificate-expired', 'authorCertificate is not valid at the time of receipt');
  }
  const signer = commonName(new Uint8Array(certificate.raw));
  if (signer === undefined) return fail('certificate-invalid', 'authorCertificate names no common name');

  const signature = Buffer.from(sha512sum, 'base64');
  if (!verify(ZBP.contentSignatureDigest, Buffer.from(content, 'utf8'), certificate.publicKey, signature)) {
    return fail('content-signature-invalid', 'sha512sum does not verify the content with authorCertificate');
  }

  const token = await verifyAuthorToken(authorToken, certificate, now);
  if (!token.ok) return token;
  if (token.signer !== signer) {
    return fail('author-token-signer-mismatch', 'authorToken signer is not the certificate common name');
  }

  const value = parseJson(content);
  const parsed = kind === 'message' ? messageSchema.safeParse(value) : statusSchema.safeParse(value);
  if (!parsed.success) return fail('content-malformed', `${kind} fields ${fieldsOf(parsed.error)}`);
  return kind === 'message'
    ? { ok: true, kind, signer, content: parsed.data as ZbpMessage }
    : { ok: true, kind, signer, content: parsed.data as ZbpStatusUpdate };
}

async function verifyAuthorToken(
  token: string,
  certificate: X509Certificate,
  now: Date,
): Promise<{ ok: true; signer: string } | { ok: false; failure: EnvelopeFailure; detail: string }> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, certificate.publicKey, {
      algorithms: [ZBP.authorToken.algorithm],
      currentDate: now,
      clockTolerance: SKEW_SECONDS,
      // Also refuses an `iat` in the future or older than the token may live.
      maxTokenAge: ZBP.authorToken.lifetimeSeconds,
      requiredClaims: ['iat', 'exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return { ok: false, failure: 'author-token-expired', detail: 'authorToken has expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return {
        ok: false,
        failure: 'author-token-invalid',
        detail: 'authorToken signature does not verify with authorCertificate',
      };
    }
    return { ok: false, failure: 'author-token-invalid', detail: 'authorToken is not a valid RS512 JWT' };
  }
  const claims = authorTokenClaimsSchema.safeParse(payload);
  if (!claims.success)
    return {
      ok: false,
      failure: 'author-token-invalid',
      detail: `authorToken claims ${fieldsOf(claims.error)}`,
    };
  const { signer, roles, iat, exp } = claims.data;
  if (exp - iat > ZBP.authorToken.lifetimeSeconds) {
    return { ok: false, failure: 'author-token-invalid', detail: 'authorToken lives longer than allowed' };
  }
  if (!roles.includes(ZBP.authorToken.role)) {
    return {
      ok: false,
      failure: 'author-token-invalid',
      detail: `authorToken lacks the role ${ZBP.authorToken.role}`,
    };
  }
  return { ok: true, signer };
}
