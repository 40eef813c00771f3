/**
 * A throwaway PKI for the demo and for tests: a root CA and the seal certificates it issues, as PKCS#12
 * files. Keys come from node:crypto; certificates are built with node-forge. Never for production seals.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

export interface TestKey {
  readonly bits: number;
  readonly privateKeyPem: string;
  readonly forgeKey: forge.pki.rsa.PrivateKey;
  readonly forgePublicKey: forge.pki.rsa.PublicKey;
}

export interface TestCertificate {
  readonly key: TestKey;
  readonly cert: forge.pki.Certificate;
  readonly pem: string;
  readonly der: Uint8Array;
}

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export async function generateTestKey(bits: number): Promise<TestKey> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: bits,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    bits,
    privateKeyPem: privateKey,
    forgeKey: forge.pki.privateKeyFromPem(privateKey),
    forgePublicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

function oneYearAround(now: Date): Validity {
  const day = 24 * 60 * 60 * 1000;
  return { notBefore: new Date(now.getTime() - day), notAfter: new Date(now.getTime() + 365 * day) };
}

function finish(cert: forge.pki.Certificate, key: TestKey): TestCertificate {
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { key, cert, pem: forge.pki.certificateToPem(cert), der: new Uint8Array(der) };
}

function newCertificate(
  key: TestKey,
  subject: forge.pki.CertificateField[],
  validity: Validity,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.forgePublicKey;
  // A positive serial: the high bit of the first byte cleared.
  cert.serialNumber = `0${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = validity.notBefore;
  cert.validity.notAfter = validity.notAfter;
  cert.setSubject(subject);
  return cert;
}

export async function createTestRootCa(
  bits = 3072,
  validity = oneYearAround(new Date()),
): Promise<TestCertificate> {
  const key = await generateTestKey(bits);
  const subject = [
    { shortName: 'C', value: 'DE' },
    { shortName: 'O', value: 'Antragsdesk Test' },
    { shortName: 'CN', value: 'Antragsdesk Test Root CA' },
  ];
  const cert = newCertificate(key, subject, validity);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key.forgeKey, forge.md.sha256.create());
  return finish(cert, key);
}

const utf8 = forge.asn1.Type.UTF8 as number as forge.asn1.Class;

export interface SealCertificateOptions {
  readonly bits?: number;
  readonly validity?: Validity;
  /** false issues a certificate whose keyUsage forbids signatures (keyEncipherment only). */
  readonly forSignatures?: boolean;
  /** Reuse a key (key generation is the slow part of these tests). */
  readonly key?: TestKey;
  /** The authority the seal is issued to (subject O, and CN with "Siegel"); default "Stadt Musterhausen". */
  readonly authority?: string;
}

/** An organisation certificate for an electronic seal: keyUsage digitalSignature + nonRepudiation. */
export async function issueSealCertificate(
  ca: TestCertificate,
  options: SealCertificateOptions = {},
): Promise<TestCertificate> {
  const key = options.key ?? (await generateTestKey(options.bits ?? 4096));
  const authority = options.authority ?? 'Stadt Musterhausen';
  const cert = newCertificate(
    key,
    [
      { shortName: 'C', value: 'DE' },
      // Tagged UTF8String, which forge then encodes (its typings call the tag a class; it is the type).
      { shortName: 'O', value: authority, valueTagClass: utf8 },
      { shortName: 'OU', value: 'Bürgeramt', valueTagClass: utf8 },
      { shortName: 'CN', value: `${authority} Siegel`, valueTagClass: utf8 },
    ],
    options.validity ?? oneYearAround(new Date()),
  );
  cert.setIssuer(ca.cert.subject.attributes);
  const forSignatures = options.forSignatures ?? true;
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    forSignatures
      ? { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }
      : { name: 'keyUsage', keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key.forgeKey, forge.md.sha256.create());
  return finish(cert, key);
}

/** PKCS#12 as a seal file would come: key and certificate, plus the issuing CA. */
export function toPkcs12(
  seal: TestCertificate,
  chain: readonly TestCertificate[],
  password: string,
): Uint8Array {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    seal.key.forgeKey,
    [seal.cert, ...chain.map((c) => c.cert)],
    password,
    {
      algorithm: 'aes256',
      friendlyName: 'Siegel',
    },
  );
  return new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}
