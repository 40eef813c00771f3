/**
 * Real key material for profile tests: RSA-4096 pairs from the shared test pool, seal certificates and
 * PKCS#12 files made with node-forge, all written into a temp folder next to a valid profile that uses
 * every kind of key source.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { testKeyPair } from '../../support/platform-keys';

export interface SealOptions {
  key: KeyObject;
  password: string;
  notBefore?: Date;
  notAfter?: Date;
  /** The certificate is issued for this key instead (to build a mismatch). */
  certificateKey?: KeyObject;
  keyUsage?: { digitalSignature?: boolean; nonRepudiation?: boolean; keyEncipherment?: boolean };
}

const DAY = 86_400_000;

const forgePrivate = (key: KeyObject) =>
  forge.pki.privateKeyFromPem(key.export({ type: 'pkcs1', format: 'pem' }) as string);

/** A self-signed seal certificate with its key, as PKCS#12 (AES-256, as OpenSSL 3 writes it). */
export function makeSealPkcs12(options: SealOptions): Buffer {
  const signer = options.certificateKey ?? options.key;
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.rsa.setPublicKey(forgePrivate(signer).n, forgePrivate(signer).e);
  certificate.serialNumber = '0a1b2c3d';
  certificate.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  certificate.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY);
  const name = [
    { name: 'commonName', value: 'Stadt Musterstadt Dienstsiegel' },
    { name: 'organizationName', value: 'Stadt Musterstadt' },
    { name: 'countryName', value: 'DE' },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'keyUsage', ...(options.keyUsage ?? { digitalSignature: true, nonRepudiation: true }) },
  ]);
  certificate.sign(forgePrivate(signer), forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(forgePrivate(options.key), [certificate], options.password, {
    algorithm: 'aes256',
  });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** A PKCS#12 with only a private key (no certificate), as some tools export decryption keys. */
export function makeKeyPkcs12(key: KeyObject, password: string): Buffer {
  // forge writes no certificate bag for `null` (its typings do not say so).
  const noCertificate = null as unknown as forge.pki.Certificate[];
  const p12 = forge.pkcs12.toPkcs12Asn1(forgePrivate(key), noCertificate, password, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

export const privateJwkOf = (key: KeyObject, extra: Record<string, unknown>) => ({
  ...(key.export({ format: 'jwk' }) as Record<string, unknown>),
  ...extra,
});

/** The parts of a private JWK that are secret (everything but `kty`, `n`, `e`). */
export function privateParts(jwk: Record<string, unknown>): string[] {
  return ['d', 'p', 'q', 'dp', 'dq', 'qi'].map((name) => String(jwk[name]));
}

export interface ProfileFixture {
  dir: string;
  /** A valid profile whose file references are relative to `dir`. */
  profile: Record<string, unknown>;
  /** Every secret value the profile carries or references: none may reach the settings store. */
  secrets: string[];
  keys: {
    decryption: KeyObject;
    signing: KeyObject;
    seal: KeyObject;
    decryption2: KeyObject;
    signing2: KeyObject;
  };
  /** Writes `profile` (or the given variant) as `profile.json` into `dir` and returns its path. */
  write(profile?: unknown): Promise<string>;
  cleanup(): Promise<void>;
}

export const DESTINATION_1 = '4f1b2c3d-1111-4a5b-8c7d-0123456789ab';
export const DESTINATION_2 = '4f1b2c3d-2222-4a5b-8c7d-0123456789ab';

export async function createProfileFixture(): Promise<ProfileFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'antragsdesk-profile-'));
  await mkdir(join(dir, 'keys'));
  await mkdir(join(dir, 'templates'));
  const [decryption, signing, seal, decryption2, signing2] = await Promise.all(
    [0, 1, 2, 3, 4].map(async (index) => (await testKeyPair(index)).privateKey),
  );
  if (!decryption || !signing || !seal || !decryption2 || !signing2)
    throw new Error('test key pool too small');

  const decryptionJwk = privateJwkOf(decryption, {
    kid: 'enc-1',
    alg: 'RSA-OAEP-256',
    key_ops: ['unwrapKey'],
  });
  const signingPem = signing.export({ type: 'pkcs8', format: 'pem' }) as string;
  const signing2Jwk = privateJwkOf(signing2, { kid: 'sig-2', use: 'sig' });
  const secrets = {
    clientSecret1: 'cs-1-7f3a9c0e5b2d',
    clientSecret2: 'cs-2-e81d44a0c9f7',
    keyPassword: 'schluessel-kennwort-93',
    sealPassword: 'siegel-kennwort-41',
    dmsToken: 'dms-token-5c2e8a1f',
  };
  const decryption2P12 = makeKeyPkcs12(decryption2, secrets.keyPassword);
  const sealP12 = makeSealPkcs12({ key: seal, password: secrets.sealPassword });

  await writeFile(join(dir, 'keys/enc-1.jwks.json'), JSON.stringify({ keys: [decryptionJwk] }));
  await writeFile(join(dir, 'keys/sig-1.pem'), signingPem);
  await writeFile(join(dir, 'keys/enc-2.p12'), decryption2P12);
  await writeFile(join(dir, 'keys/enc-2.password'), `${secrets.keyPassword}\n`);
  await writeFile(join(dir, 'keys/client-2.secret'), `${secrets.clientSecret2}\n`);
  await writeFile(join(dir, 'keys/seal.p12'), sealP12);
  await writeFile(join(dir, 'keys/seal.password'), secrets.sealPassword);

  const profile = {
    format: 'antragsdesk.department-profile/1',
    department: {
      id: 'buergerservice',
      name: 'Bürgerservice',
      authorityName: 'Stadt Musterstadt – Der Oberbürgermeister',
      address: { street: 'Rathausplatz 1', postalCode: '12345', city: 'Musterstadt' },
      contact: { phone: '+49 1234 567-100', email: 'buergerservice@musterstadt.example' },
      bank: { name: 'Stadtkasse', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
      legalRemedy: 'Gegen diesen Bescheid kann innerhalb eines Monats Widerspruch erhoben werden.',
      fileReferencePattern: 'BS-{service}-{yyyy}-{seq:5}',
    },
    identityProvider: {
      issuer: 'https://login.musterstadt.example/realms/verwaltung',
      clientId: 'antragsdesk',
      claimNames: { department: 'ou', roles: 'groups' },
      roleMap: { 'GG-AD-SB': 'Sachbearbeitung' },
      idleMinutes: 15,
    },
    fitConnect: {
      tokenUrl: 'https://auth-testing.fit-connect.fitko.dev/token',
      submissionApiUrl: 'https://submission-api-testing.fit-connect.fitko.dev',
      versionPrefix: '/v1',
    },
    destinations: [
      {
        destinationId: DESTINATION_1,
        name: 'Meldewesen',
        clientId: 'client-1',
        clientSecret: secrets.clientSecret1,
        decryptionKeys: [{ jwksFile: 'keys/enc-1.jwks.json' }],
        signingKeys: [{ pemFile: 'keys/sig-1.pem', kid: 'sig-1' }],
      },
      {
        destinationId: DESTINATION_2,
        name: 'Gewerbe',
        clientId: 'client-2',
        clientSecret: { file: 'keys/client-2.secret' },
        decryptionKeys: [
          { pkcs12File: 'keys/enc-2.p12', password: { file: 'keys/enc-2.password' }, kid: 'enc-2' },
        ],
        signingKeys: [{ jwks: { keys: [signing2Jwk] } }],
      },
    ],
    seal: { pkcs12File: 'keys/seal.p12', password: { file: 'keys/seal.password' } },
    handover: { kind: 'hotFolder', path: 'fachverfahren' },
    archive: { kind: 'http', url: 'https://dms.musterstadt.example/import', token: secrets.dmsToken },
    notices: { senderName: 'Stadt Musterstadt', templateDir: 'templates' },
    services: [
      {
        identifier: 'urn:de:fim:leika:leistung:99115001007000',
        name: 'Anmeldung',
        code: 'ANM',
        deadlineDays: 14,
      },
    ],
  };

  return {
    dir,
    profile,
    secrets: [
      ...Object.values(secrets),
      ...privateParts(decryptionJwk),
      ...privateParts(signing2Jwk),
      ...privateParts(privateJwkOf(signing, {})),
      ...privateParts(privateJwkOf(decryption2, {})),
      ...privateParts(privateJwkOf(seal, {})),
      signingPem.split('\n')[1] ?? '',
      decryption2P12.toString('base64').slice(0, 64),
      sealP12.toString('base64').slice(0, 64),
    ],
    keys: { decryption, signing, seal, decryption2, signing2 },
    write: async (variant = profile) => {
      const file = join(dir, 'profile.json');
      await writeFile(file, typeof variant === 'string' ? variant : JSON.stringify(variant, null, 2));
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A deep copy of `value` with `change` applied, for building broken variants of a profile. */
export function variant<T>(value: T, change: (copy: T) => void): T {
  const copy = structuredClone(value);
  change(copy);
  return copy;
}

/** Small and foreign keys for the refusal tests (cheap to make, unlike RSA-4096). */
export function smallRsaKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

export function ecKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}
