/**
 * The authority's seal: a PKCS#12 with the certificate and its private key. Checked at import with the
 * notices capability's own reader (the one that seals later), so a profile with a seal that has expired, is
 * not yet valid, does not match its key, is too short or is not meant for signatures is refused up front.
 */
import { X509Certificate } from 'node:crypto';
import { loadSealCredentials } from '../pki/seal/credentials';
import { SealError, type SealErrorCode } from '../pki/seal/errors';
import { type ProfileIssueCode, profileIssue } from './errors';
import { MIN_RSA_BITS } from './keys';
import { readReferencedFile, resolveSecret, type SourceContext } from './sources';
import type { Pkcs12Source, StoredSeal } from './types';

/** How the seal sits in the secret store: the PKCS#12 as given, which is what sealing reads. */
export interface SealSecret {
  /** base64 */
  pkcs12: string;
  password: string;
}

export interface CheckedSeal {
  secret: SealSecret;
  info: Omit<StoredSeal, 'secret'>;
}

const ISSUES: Partial<Record<SealErrorCode, ProfileIssueCode>> = {
  'seal-p12-invalid': 'pkcs12-unreadable',
  'seal-p12-wrong-password': 'pkcs12-wrong-password',
  'seal-p12-no-key': 'pkcs12-no-key',
  'seal-p12-no-certificate': 'seal-key-mismatch',
  'seal-key-unsupported': 'key-not-rsa',
  'seal-key-too-small': 'key-too-small',
  'seal-certificate-not-yet-valid': 'seal-not-yet-valid',
  'seal-certificate-expired': 'seal-expired',
  'seal-certificate-usage': 'seal-wrong-usage',
};

export async function checkSeal(
  source: Pkcs12Source,
  now: Date,
  path: string,
  context: SourceContext,
): Promise<CheckedSeal | undefined> {
  const password = await resolveSecret(source.password, `${path}/password`, context);
  const der =
    'pkcs12' in source
      ? Buffer.from(source.pkcs12, 'base64')
      : await readReferencedFile(source.pkcs12File, `${path}/pkcs12File`, context);
  if (der === undefined || password === undefined) return undefined;

  try {
    const seal = loadSealCredentials(der, password, { at: now, minKeyBits: MIN_RSA_BITS });
    const certificate = new X509Certificate(seal.certificate);
    return {
      secret: { pkcs12: der.toString('base64'), password },
      info: {
        subject: certificate.subject,
        issuer: certificate.issuer,
        serialNumber: certificate.serialNumber,
        validFrom: seal.notBefore.toISOString(),
        validTo: seal.notAfter.toISOString(),
        fingerprint256: certificate.fingerprint256,
      },
    };
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    const code = ISSUES[error.code];
    if (code === undefined) throw error;
    context.issues.push(
      profileIssue(
        code === 'pkcs12-wrong-password' ? `${path}/password` : path,
        code,
        undefined,
        error.message,
      ),
    );
    return undefined;
  }
}
