import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { noticeErrors } from '../errors';

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

/** PKCS#12 SafeBag types (RFC 7292). */
const bagTypes = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  certificate: '1.2.840.113549.1.12.10.1.3',
} as const;
const keyUsageOid = '2.5.29.15';
const digitalSignatureBit = 0x80;
const nonRepudiationBit = 0x40;

type Bag = forge.pkcs12.Bag;

function openContainer(p12: Uint8Array, password: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.binary.raw.encode(p12), false);
  } catch {
    throw noticeErrors.p12Invalid();
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    // forge reports a failed MAC check (or, without a MAC, an undecryptable key bag) with these words.
    const message = error instanceof Error ? error.message : '';
    if (/Invalid password|wrong password/i.test(message)) throw noticeErrors.p12WrongPassword();
    throw noticeErrors.p12Invalid();
  }
}

function bagsOf(container: forge.pkcs12.Pkcs12Pfx, bagType: string): Bag[] {
  return container.getBags({ bagType })[bagType] ?? [];
}

function derOf(asn1: forge.asn1.Asn1): Uint8Array {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function keyObjectOf(bag: Bag): KeyObject | undefined {
  // forge decodes RSA keys; other key types stay as PKCS#8 ASN.1, which node:crypto reads directly.
  if (bag.key) return createPrivateKey(forge.pki.privateKeyToPem(bag.key));
  if (bag.asn1) return createPrivateKey({ key: Buffer.from(derOf(bag.asn1)), format: 'der', type: 'pkcs8' });
  return undefined;
}

function certificateDerOf(bag: Bag): Uint8Array | undefined {
  if (bag.cert) return derOf(forge.pki.certificateToAsn1(bag.cert));
  if (bag.asn1) return derOf(bag.asn1);
  return undefined;
}

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
    throw noticeErrors.certificateNotYetValid(credentials.notBefore);
  if (at.getTime() > credentials.notAfter.getTime())
    throw noticeErrors.certificateExpired(credentials.notAfter);
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
  const container = openContainer(p12, password);
  const keyBag = [...bagsOf(container, bagTypes.shroudedKey), ...bagsOf(container, bagTypes.key)][0];
  const privateKey = keyBag && keyObjectOf(keyBag);
  if (!privateKey) throw noticeErrors.p12NoKey();
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw noticeErrors.keyUnsupported(privateKey.asymmetricKeyType ?? 'unknown');

  const certificates = bagsOf(container, bagTypes.certificate)
    .map(certificateDerOf)
    .filter((der): der is Uint8Array => der !== undefined);
  const certificate = certificates.find((der) => new X509Certificate(der).checkPrivateKey(privateKey));
  if (!certificate) throw noticeErrors.p12NoCertificate();

  const keyBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  const minKeyBits = options.minKeyBits ?? productionMinKeyBits;
  if (keyBits < minKeyBits) throw noticeErrors.keyTooSmall(keyBits, minKeyBits);

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
  if (!allowsSignatures(parsed)) throw noticeErrors.certificateUsage();
  return credentials;
}
