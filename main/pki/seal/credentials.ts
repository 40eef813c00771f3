import { type KeyObject, X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { openPkcs12 } from '../pkcs12';
import { sealErrors } from './errors';

/** The department's seal: private key and certificate, read once from its PKCS#12 file. */
export interface SealCredentials {
  readonly privateKey: KeyObject;
  /** DER of the seal certificate (the one belonging to the private key). */
  readonly certificate: Uint8Array;
  /** DER of the other certificates in the container (issuing CAs), embedded so verifiers can build the chain. */
  readonly chain: readonly Uint8Array[];
  readonly keyBits: number;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface SealCredentialOptions {
  /** Smallest accepted RSA modulus. 4096 for production; tests may lower it where they say so. */
  readonly minKeyBits?: number;
  /** The certificate must be valid at this instant (default: now). */
  readonly at?: Date;
}

export const productionMinKeyBits = 4096;

const keyUsageOid = '2.5.29.15';
const digitalSignatureBit = 0x80;
const nonRepudiationBit = 0x40;

function allowsSignatures(certificate: pkijs.Certificate): boolean {
  const keyUsage = certificate.extensions?.find((extension) => extension.extnID === keyUsageOid);
  // Without a keyUsage extension the key is not restricted (RFC 5280, 4.2.1.3).
  if (!keyUsage) return true;
  const bits = (keyUsage.parsedValue as { valueBlock?: { valueHexView?: Uint8Array } } | undefined)
    ?.valueBlock?.valueHexView?.[0];
  return bits !== undefined && (bits & (digitalSignatureBit | nonRepudiationBit)) !== 0;
}

/** Throws unless the seal certificate is valid at `at`. */
export function assertSealValidAt(
  credentials: Pick<SealCredentials, 'notBefore' | 'notAfter'>,
  at: Date,
): void {
  if (at.getTime() < credentials.notBefore.getTime())
    throw sealErrors.certificateNotYetValid(credentials.notBefore);
  if (at.getTime() > credentials.notAfter.getTime())
    throw sealErrors.certificateExpired(credentials.notAfter);
}

/**
 * Reads the seal from PKCS#12 bytes and checks that it can seal: right password, an RSA key of at least
 * `minKeyBits`, a certificate for that key which is valid now and allowed for signatures.
 */
export function loadSealCredentials(
  p12: Uint8Array,
  password: string,
  options: SealCredentialOptions = {},
): SealCredentials {
  const container = openPkcs12(p12, password);
  if (!container.ok)
    throw container.code === 'pkcs12-wrong-password'
      ? sealErrors.p12WrongPassword()
      : sealErrors.p12Invalid();
  const privateKey = container.privateKeys[0];
  if (!privateKey) throw sealErrors.p12NoKey();
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw sealErrors.keyUnsupported(privateKey.asymmetricKeyType ?? 'unknown');

  const { certificates } = container;
  const certificate = certificates.find((der) => new X509Certificate(der).checkPrivateKey(privateKey));
  if (!certificate) throw sealErrors.p12NoCertificate();

  const keyBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  const minKeyBits = options.minKeyBits ?? productionMinKeyBits;
  if (keyBits < minKeyBits) throw sealErrors.keyTooSmall(keyBits, minKeyBits);

  const parsed = pkijs.Certificate.fromBER(certificate);
  const credentials: SealCredentials = {
    privateKey,
    certificate,
    chain: certificates.filter((der) => der !== certificate),
    keyBits,
    notBefore: parsed.notBefore.value,
    notAfter: parsed.notAfter.value,
  };
  assertSealValidAt(credentials, options.at ?? new Date());
  if (!allowsSignatures(parsed)) throw sealErrors.certificateUsage();
  return credentials;
}
