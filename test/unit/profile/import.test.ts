import { createPrivateKey, createPublicKey, type JsonWebKey, X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore, type SecretStore } from '../../../main/auth/secret-store';
import { loadSealCredentials } from '../../../main/pki/seal/credentials';
import { ProfileError, type ProfileIssueCode } from '../../../main/profile/errors';
import { importWorkstationProfile } from '../../../main/profile/import';
import {
  loadDestinationCredentials,
  loadSealSecret,
  PROFILES_SETTING,
  readDepartmentProfile,
  readDepartmentProfiles,
} from '../../../main/profile/stored';
import { createMemoryStore, type KeyValueStore } from '../../../main/settings/user-settings';
import {
  createProfileFixture,
  DESTINATION_1,
  DESTINATION_2,
  ecKey,
  makeSealPkcs12,
  type ProfileFixture,
  privateJwkOf,
  smallRsaKey,
  variant,
} from './fixtures';

let fixture: ProfileFixture;
// biome-ignore lint/suspicious/noExplicitAny: test variants poke into the profile JSON freely
type Json = any;

beforeAll(async () => {
  fixture = await createProfileFixture();
});

afterAll(async () => {
  await fixture?.cleanup();
});

function stores() {
  const secretStore = createMemorySecretStore();
  const values = new Map<string, unknown>();
  const settingsStore: KeyValueStore & { dump(): string } = {
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, structuredClone(value)),
    dump: () => JSON.stringify(Object.fromEntries(values)),
  };
  return { secretStore, settingsStore };
}

async function importFails(
  input: string | object,
  options: { baseDir?: string; now?: Date } = {},
): Promise<{ error: ProfileError; secretNames: string[]; settings: string }> {
  const { secretStore, settingsStore } = stores();
  const error = await importWorkstationProfile(input, { secretStore, settingsStore, ...options }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProfileError);
  return { error: error as ProfileError, secretNames: secretStore.names(), settings: settingsStore.dump() };
}

/** Imports `profile` (written to the fixture folder) and expects exactly this issue, and nothing stored. */
async function expectIssue(profile: unknown, path: string, code: ProfileIssueCode, now?: Date) {
  const file = await fixture.write(profile);
  const { error, secretNames, settings } = await importFails(file, now === undefined ? {} : { now });
  expect(error.code).toBe('profile-invalid');
  expect(error.issues).toContainEqual(expect.objectContaining({ path, code }));
  expect(error.message).toContain(path);
  expect(secretNames).toEqual([]);
  expect(settings).toBe('{}');
  return error;
}

describe('importing a valid profile', () => {
  it('stores the settings without secrets and every secret in the secret store', async () => {
    const { secretStore, settingsStore } = stores();
    const file = await fixture.write();
    const now = new Date();
    const stored = await importWorkstationProfile(file, { secretStore, settingsStore, now });

    expect(readDepartmentProfile(settingsStore, 'buergerservice')).toEqual(stored);
    expect(stored.importedAt).toBe(now.toISOString());
    expect(stored.identityProvider.claimNames).toEqual({ department: 'ou', roles: 'groups' });
    expect(stored.destinations.map((d) => [d.destinationId, d.decryptionKeyIds, d.signingKeyIds])).toEqual([
      [DESTINATION_1, ['enc-1'], ['sig-1']],
      [DESTINATION_2, ['enc-2'], ['sig-2']],
    ]);
    expect(stored.handover).toEqual({ kind: 'hotFolder', path: join(fixture.dir, 'fachverfahren') });
    expect(stored.archive).toEqual({
      kind: 'http',
      url: 'https://dms.musterstadt.example/import',
      tokenSecret: 'profile/buergerservice/archive/token',
    });
    expect(stored.notices.templateDir).toBe(join(fixture.dir, 'templates'));
    expect(stored.seal.subject).toContain('CN=Stadt Musterstadt Dienstsiegel');
    expect(secretStore.names().sort()).toEqual([...stored.secretNames].sort());
    expect(await secretStore.get('profile/buergerservice/archive/token')).toBe('dms-token-5c2e8a1f');

    const [first, second] = stored.destinations;
    const one = await loadDestinationCredentials(secretStore, first ?? expect.fail('no destination'));
    expect([one.destinationId, one.clientId, one.clientSecret]).toEqual([
      DESTINATION_1,
      'client-1',
      'cs-1-7f3a9c0e5b2d',
    ]);
    expect(one.decryptionKeys[0]).toMatchObject({
      kid: 'enc-1',
      alg: 'RSA-OAEP-256',
      key_ops: ['unwrapKey'],
    });
    expect(one.signingKeys[0]).toMatchObject({ kid: 'sig-1', alg: 'PS512', key_ops: ['sign'] });
    const two = await loadDestinationCredentials(secretStore, second ?? expect.fail('no destination'));
    expect(two.clientSecret).toBe('cs-2-e81d44a0c9f7');
    for (const jwk of [
      ...one.decryptionKeys,
      ...one.signingKeys,
      ...two.decryptionKeys,
      ...two.signingKeys,
    ]) {
      const key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(4096);
    }
    // The stored decryption key is the one from the PKCS#12 file.
    expect(two.decryptionKeys[0]?.n).toBe(privateJwkOf(fixture.keys.decryption2, {}).n);

    // The notices capability reads the stored seal as it will when sealing.
    const seal = await loadSealSecret(secretStore, stored.seal);
    const credentials = loadSealCredentials(Buffer.from(seal.pkcs12, 'base64'), seal.password);
    expect(new X509Certificate(credentials.certificate).fingerprint256).toBe(stored.seal.fingerprint256);
  });

  it('the settings store holds no secret value after a good import', async () => {
    const { secretStore, settingsStore } = stores();
    await importWorkstationProfile(await fixture.write(), { secretStore, settingsStore });
    const serialized = settingsStore.dump();
    expect(serialized.length).toBeGreaterThan(1000);
    expect(fixture.secrets.length).toBeGreaterThan(30);
    const leaked = fixture.secrets.filter((secret) => serialized.includes(secret));
    expect(leaked).toEqual([]);
  });

  it('accepts the profile as JSON with a base folder, and the demo switch allows loopback http', async () => {
    const { secretStore, settingsStore } = stores();
    const demo = variant(fixture.profile as Json, (p) => {
      p.demo = true;
      p.identityProvider.issuer = 'http://127.0.0.1:8472';
      p.fitConnect.tokenUrl = 'http://127.0.0.1:8470/token';
    });
    const stored = await importWorkstationProfile(demo, { secretStore, settingsStore, baseDir: fixture.dir });
    expect(stored.demo).toBe(true);
  });

  it('a re-import replaces the profile and removes secrets it no longer needs', async () => {
    const { secretStore, settingsStore } = stores();
    const first = await importWorkstationProfile(await fixture.write(), { secretStore, settingsStore });
    const slimmer = variant(fixture.profile as Json, (p) => {
      p.destinations = [p.destinations[0]];
      p.archive = { kind: 'hotFolder', path: 'dms' };
    });
    const second = await importWorkstationProfile(await fixture.write(slimmer), {
      secretStore,
      settingsStore,
    });

    expect(first.secretNames.length).toBe(8);
    expect(second.secretNames.length).toBe(4);
    expect(secretStore.names().sort()).toEqual([...second.secretNames].sort());
    expect(Object.keys(readDepartmentProfiles(settingsStore))).toEqual(['buergerservice']);
  });
});

describe('a malformed profile is refused with the JSON path of each problem, and nothing is stored', () => {
  const profile = () => fixture.profile as Json;

  it('a file that is not JSON', async () => {
    const error = await expectIssue(
      '{\n  "format": "antragsdesk.department-profile/1",\n  oops\n}',
      '/',
      'not-json',
    );
    expect(error.issues[0]?.params).toEqual({ line: 3, column: 3 });
  });

  it('a profile file that does not exist', async () => {
    const { error, secretNames, settings } = await importFails(join(fixture.dir, 'missing.json'));
    expect(error.code).toBe('profile-unreadable');
    expect(error.issues[0]?.params).toEqual({ errno: 'ENOENT' });
    expect([secretNames, settings]).toEqual([[], '{}']);
  });

  it.each([
    [
      'a missing setting',
      (p: Json) => {
        delete p.department.legalRemedy;
      },
      '/department/legalRemedy',
      'required',
    ],
    [
      'a value of the wrong type',
      (p: Json) => {
        p.identityProvider.idleMinutes = '15';
      },
      '/identityProvider/idleMinutes',
      'wrong-type',
    ],
    [
      'an unknown setting',
      (p: Json) => {
        p.department.colour = 'blau';
      },
      '/department/colour',
      'unknown-property',
    ],
    [
      'an invalid value',
      (p: Json) => {
        p.department.address.postalCode = '1234';
      },
      '/department/address/postalCode',
      'invalid-value',
    ],
    [
      'a wrong format marker',
      (p: Json) => {
        p.format = 'antragsdesk.department-profile/2';
      },
      '/format',
      'invalid-value',
    ],
    [
      'a key source of two kinds at once',
      (p: Json) => {
        p.destinations[0].decryptionKeys[0].pem = '-----BEGIN PRIVATE KEY-----';
      },
      '/destinations/0/decryptionKeys/0',
      'one-of',
    ],
    [
      'an unknown target kind',
      (p: Json) => {
        p.archive = { kind: 'ftp', path: 'x' };
      },
      '/archive/kind',
      'invalid-value',
    ],
    [
      'an http target without url',
      (p: Json) => {
        p.handover = { kind: 'http' };
      },
      '/handover/url',
      'required',
    ],
    [
      'a plain-http issuer',
      (p: Json) => {
        p.identityProvider.issuer = 'http://login.example';
      },
      '/identityProvider/issuer',
      'insecure-url',
    ],
    [
      'a file reference without sequence',
      (p: Json) => {
        p.department.fileReferencePattern = 'BS-{yyyy}';
      },
      '/department/fileReferencePattern',
      'file-reference-pattern',
    ],
    [
      'an unknown placeholder',
      (p: Json) => {
        p.department.fileReferencePattern = 'BS-{foo}-{seq:4}';
      },
      '/department/fileReferencePattern',
      'invalid-value',
    ],
    [
      'an IBAN with wrong check digits',
      (p: Json) => {
        p.department.bank.iban = 'DE88370400440532013000';
      },
      '/department/bank/iban',
      'iban-checksum',
    ],
    [
      'a destination twice',
      (p: Json) => p.destinations.push(p.destinations[0]),
      '/destinations/2/destinationId',
      'duplicate',
    ],
    [
      'a missing key file',
      (p: Json) => {
        p.destinations[0].decryptionKeys[0].jwksFile = 'keys/none.json';
      },
      '/destinations/0/decryptionKeys/0/jwksFile',
      'file-unreadable',
    ],
    [
      'a missing template folder',
      (p: Json) => {
        p.notices.templateDir = 'nowhere';
      },
      '/notices/templateDir',
      'file-unreadable',
    ],
  ] as const)('%s', async (_name, change, path, code) => {
    await expectIssue(variant(profile(), change), path, code);
  });

  it('reports several problems at once', async () => {
    const broken = variant(profile(), (p: Json) => {
      delete p.services;
      p.identityProvider.idleMinutes = 0;
      p.destinations[0].clientSecret = 42;
    });
    const error = await expectIssue(broken, '/services', 'required');
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['/services', '/identityProvider/idleMinutes', '/destinations/0/clientSecret']),
    );
  });

  it('relative file references in a JSON profile given without a base folder', async () => {
    const { error, secretNames } = await importFails(profile());
    expect(error.issues).toContainEqual(
      expect.objectContaining({
        path: '/destinations/0/decryptionKeys/0/jwksFile',
        code: 'file-reference-without-base',
      }),
    );
    expect(secretNames).toEqual([]);
  });
});

describe('every key is checked before anything is stored', () => {
  const profile = () => fixture.profile as Json;
  const withSigningJwk = (jwk: Record<string, unknown>) =>
    variant(profile(), (p: Json) => {
      p.destinations[1].signingKeys = [{ jwks: { keys: [jwk] } }];
    });

  it('a key of the wrong type (EC)', async () => {
    await expectIssue(
      withSigningJwk(privateJwkOf(ecKey(), { kid: 'ec-1' })),
      '/destinations/1/signingKeys/0/jwks/keys/0',
      'key-not-rsa',
    );
    const ecPem = ecKey().export({ type: 'pkcs8', format: 'pem' }) as string;
    await expectIssue(
      variant(profile(), (p: Json) => {
        p.destinations[0].signingKeys = [{ pem: ecPem }];
      }),
      '/destinations/0/signingKeys/0/pem',
      'key-not-rsa',
    );
  });

  it('a key under 4096 bits', async () => {
    const error = await expectIssue(
      withSigningJwk(privateJwkOf(smallRsaKey(), { kid: 'short' })),
      '/destinations/1/signingKeys/0/jwks/keys/0',
      'key-too-small',
    );
    expect(error.issues[0]?.params).toEqual({ bits: 2048, minimum: 4096 });
  });

  it('a key marked for another use, a public key, a key without kid', async () => {
    const signing2 = fixture.keys.signing2;
    await expectIssue(
      withSigningJwk(privateJwkOf(signing2, { kid: 's', key_ops: ['unwrapKey'] })),
      '/destinations/1/signingKeys/0/jwks/keys/0',
      'key-wrong-use',
    );
    await expectIssue(
      withSigningJwk(privateJwkOf(signing2, { kid: 's', use: 'enc' })),
      '/destinations/1/signingKeys/0/jwks/keys/0',
      'key-wrong-use',
    );
    const { n, e, kty } = privateJwkOf(signing2, {});
    await expectIssue(
      withSigningJwk({ kty, n, e, kid: 's' }),
      '/destinations/1/signingKeys/0/jwks/keys/0',
      'key-not-private',
    );
    await expectIssue(
      withSigningJwk(privateJwkOf(signing2, {})),
      '/destinations/1/signingKeys/0/jwks/keys/0',
      'key-missing-id',
    );
    const publicPem = createPublicKey(fixture.keys.signing)
      .export({ type: 'spki', format: 'pem' })
      .toString();
    await expectIssue(
      variant(profile(), (p: Json) => {
        p.destinations[0].signingKeys = [{ pem: publicPem }];
      }),
      '/destinations/0/signingKeys/0/pem',
      'key-not-private',
    );
    await expectIssue(
      variant(profile(), (p: Json) => {
        p.destinations[0].signingKeys = [{ pem: '-----BEGIN PRIVATE KEY-----\nAAAA\n' }];
      }),
      '/destinations/0/signingKeys/0/pem',
      'key-unreadable',
    );
  });

  it('the same key for decryption and signing, and a kid used twice', async () => {
    await expectIssue(
      variant(profile(), (p: Json) => {
        p.destinations[1].signingKeys = [{ jwksFile: 'keys/enc-1.jwks.json' }];
      }),
      '/destinations/1/signingKeys/0/jwksFile/keys/0',
      'key-wrong-use',
    );
    await expectIssue(
      withSigningJwk(privateJwkOf(fixture.keys.decryption, { kid: 'again' })),
      '/destinations/1/signingKeys/0',
      'key-reused',
    );
    await expectIssue(
      variant(profile(), (p: Json) =>
        p.destinations[0].decryptionKeys.push({ jwksFile: 'keys/enc-1.jwks.json' }),
      ),
      '/destinations/0/decryptionKeys/1',
      'key-duplicate-id',
    );
  });

  it('a wrong PKCS#12 password, for a key file and for the seal', async () => {
    await expectIssue(
      variant(profile(), (p: Json) => {
        p.destinations[1].decryptionKeys[0].password = 'falsch';
      }),
      '/destinations/1/decryptionKeys/0/password',
      'pkcs12-wrong-password',
    );
    await expectIssue(
      variant(profile(), (p: Json) => {
        p.seal.password = 'falsch';
      }),
      '/seal/password',
      'pkcs12-wrong-password',
    );
    await expectIssue(
      variant(profile(), (p: Json) => {
        p.seal = { pkcs12: Buffer.from('kein pkcs12').toString('base64'), password: 'x' };
      }),
      '/seal',
      'pkcs12-unreadable',
    );
  });
});

describe('the seal certificate', () => {
  const DAY = 86_400_000;
  let base: Json;

  beforeAll(() => {
    base = fixture.profile;
  });

  async function withSeal(name: string, seal: Buffer) {
    await writeFile(join(fixture.dir, `keys/${name}.p12`), seal);
    return variant(base, (p: Json) => {
      p.seal = { pkcs12File: `keys/${name}.p12`, password: 'pw' };
    });
  }

  it('expired', async () => {
    const profile = await withSeal(
      'expired',
      makeSealPkcs12({
        key: fixture.keys.seal,
        password: 'pw',
        notBefore: new Date(Date.now() - 400 * DAY),
        notAfter: new Date(Date.now() - DAY),
      }),
    );
    const error = await expectIssue(profile, '/seal', 'seal-expired');
    expect(error.message).toMatch(/expired/);
  });

  it('not yet valid, and valid again when the import happens later', async () => {
    const notBefore = new Date(Date.now() + 10 * DAY);
    const profile = await withSeal(
      'future',
      makeSealPkcs12({ key: fixture.keys.seal, password: 'pw', notBefore }),
    );
    await expectIssue(profile, '/seal', 'seal-not-yet-valid');
    const { secretStore, settingsStore } = stores();
    const later = new Date(notBefore.getTime() + DAY);
    await expect(
      importWorkstationProfile(await fixture.write(profile), { secretStore, settingsStore, now: later }),
    ).resolves.toBeDefined();
  });

  it('a certificate that does not match its key', async () => {
    const profile = await withSeal(
      'mismatch',
      makeSealPkcs12({ key: fixture.keys.seal, certificateKey: fixture.keys.signing2, password: 'pw' }),
    );
    await expectIssue(profile, '/seal', 'seal-key-mismatch');
  });

  it('a certificate not meant for signatures', async () => {
    const profile = await withSeal(
      'usage',
      makeSealPkcs12({ key: fixture.keys.seal, password: 'pw', keyUsage: { keyEncipherment: true } }),
    );
    await expectIssue(profile, '/seal', 'seal-wrong-usage');
  });
});

describe('nothing is half-imported when storing fails', () => {
  /** A real memory store that fails on the given put (1-based), as a full disk or a locked vault would. */
  function failingOnPut(failAt: number): SecretStore & { names(): string[] } {
    const inner = createMemorySecretStore();
    let puts = 0;
    return {
      ...inner,
      put: async (name, value) => {
        puts += 1;
        if (puts === failAt) throw new Error('disk full');
        await inner.put(name, value);
      },
    };
  }

  it('a secret store failing midway leaves no secret behind', async () => {
    const secretStore = failingOnPut(4);
    const settingsStore = createMemoryStore();
    const error = await importWorkstationProfile(await fixture.write(), { secretStore, settingsStore }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'profile-store-failed' });
    expect(secretStore.names()).toEqual([]);
    expect(settingsStore.get(PROFILES_SETTING)).toBeUndefined();
  });

  it('a settings store failing rolls the secrets back to what they were before', async () => {
    const secretStore = createMemorySecretStore();
    const good = createMemoryStore();
    await importWorkstationProfile(await fixture.write(), { secretStore, settingsStore: good });
    const before = new Map(
      await Promise.all(secretStore.names().map(async (n) => [n, await secretStore.get(n)] as const)),
    );

    const changed = variant(fixture.profile as Json, (p) => {
      p.destinations[0].clientSecret = 'neues-geheimnis';
    });
    const broken: KeyValueStore = {
      get: (key) => good.get(key),
      set: () => {
        throw new Error('read-only file system');
      },
    };
    const error = await importWorkstationProfile(await fixture.write(changed), {
      secretStore,
      settingsStore: broken,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'profile-store-failed' });
    const after = new Map(
      await Promise.all(secretStore.names().map(async (n) => [n, await secretStore.get(n)] as const)),
    );
    expect(after).toEqual(before);
  });
});
