import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/auth/secret-store';
import { readDemoProfile, withDemoHandover } from '../../../main/profile/demo';
import { ProfileError } from '../../../main/profile/errors';
import { importWorkstationProfile } from '../../../main/profile/import';
import { validateProfileSchema } from '../../../main/profile/schema';
import { loadDestinationCredentials, readDepartmentProfiles } from '../../../main/profile/stored';
import { createMemoryStore } from '../../../main/settings/user-settings';
import { createProfileFixture, makeSealPkcs12, type ProfileFixture, privateJwkOf } from './fixtures';

let fixture: ProfileFixture;

beforeAll(async () => {
  fixture = await createProfileFixture();
});

afterAll(async () => {
  await fixture?.cleanup();
});

const ZBP_DESTINATION = '0b5e6c1a-7d2f-4e8b-9a3c-5f1e2d4c6b8a';

/** What the platform hands over at demo start, built from real keys (its `DemoDepartment` shape). */
function handover(suffix: string) {
  const { decryption, signing, decryption2, signing2 } = fixture.keys;
  return {
    issuer: 'http://127.0.0.1:41234',
    tokenUrl: 'http://127.0.0.1:41235/token',
    submissionApiUrl: 'http://127.0.0.1:41235',
    department: {
      clientId: `client-${suffix}`,
      clientSecret: `secret-${suffix}`,
      destinations: [
        {
          destinationId: `7e2f0c1a-0000-4000-8000-00000000000${suffix === 'bs' ? 1 : 2}`,
          name: `Demo ${suffix}`,
          encryptionKeys: [
            privateJwkOf(decryption, { kid: `enc-${suffix}`, alg: 'RSA-OAEP-256', key_ops: ['unwrapKey'] }),
          ],
          signingKey: privateJwkOf(signing, { kid: `sig-${suffix}`, alg: 'PS512', key_ops: ['sign'] }),
        },
        {
          destinationId: `7e2f0c1a-1111-4000-8000-00000000000${suffix === 'bs' ? 1 : 2}`,
          name: `Demo ${suffix} 2`,
          encryptionKeys: [
            privateJwkOf(decryption2, { kid: `enc2-${suffix}`, alg: 'RSA-OAEP-256', key_ops: ['unwrapKey'] }),
          ],
          signingKey: privateJwkOf(signing2, { kid: `sig2-${suffix}`, alg: 'PS512', key_ops: ['sign'] }),
        },
      ],
    },
    seal: {
      pkcs12: makeSealPkcs12({ key: fixture.keys.seal, password: 'demo-siegel' }),
      password: 'demo-siegel',
    },
    zbp: { destinationId: ZBP_DESTINATION, clientId: 'zbp-sender', clientSecret: 'zbp-secret' },
  };
}

describe('demo profiles', () => {
  it('both shipped demo profiles are valid against the schema', async () => {
    const bs = await readDemoProfile('buergerservice');
    const oa = await readDemoProfile('ordnungsamt');
    expect([bs.department.id, oa.department.id]).toEqual(['buergerservice', 'ordnungsamt']);
    expect([bs.demo, oa.demo]).toEqual([true, true]);
  });

  it('says Wohnsitzanmeldung and Hundesteuer are gebührenfrei, and the schema takes no fee beside that', async () => {
    const bs = await readDemoProfile('buergerservice');
    const free = bs.services.filter((s) => s.fee !== undefined && 'free' in s.fee).map((s) => s.code);
    expect(free.sort()).toEqual(['ANM', 'HST']);
    const withFee = (fee: unknown) => ({
      ...bs,
      services: bs.services.map((s) => (s.code === 'ANM' ? { ...s, fee } : s)),
    });
    expect(validateProfileSchema(withFee({ free: true })).ok).toBe(true);
    expect(validateProfileSchema(withFee({ free: true, amountCents: 1000 })).ok).toBe(false);
    expect(validateProfileSchema(withFee({ free: false })).ok).toBe(false);
  });

  it('import with the platform handover, side by side for two departments', async () => {
    const secretStore = createMemorySecretStore();
    const settingsStore = createMemoryStore();
    const options = { secretStore, settingsStore, baseDir: fixture.dir };
    const bs = await importWorkstationProfile(
      withDemoHandover(await readDemoProfile('buergerservice'), handover('bs')),
      options,
    );
    const oa = await importWorkstationProfile(
      withDemoHandover(await readDemoProfile('ordnungsamt'), handover('oa')),
      options,
    );

    expect(Object.keys(readDepartmentProfiles(settingsStore)).sort()).toEqual([
      'buergerservice',
      'ordnungsamt',
    ]);
    expect(bs.identityProvider.issuer).toBe('http://127.0.0.1:41234');
    expect(bs.fitConnect).toEqual({
      tokenUrl: 'http://127.0.0.1:41235/token',
      submissionApiUrl: 'http://127.0.0.1:41235',
      versionPrefix: '/v1',
    });
    expect(bs.destinations.map((d) => d.decryptionKeyIds)).toEqual([['enc-bs'], ['enc2-bs']]);
    expect(oa.department.fileReferencePattern).toBe('OA-{service}-{yyyy}-{seq:4}');
    const credentials = await loadDestinationCredentials(secretStore, oa.destinations[0] ?? expect.fail());
    expect([credentials.clientId, credentials.clientSecret]).toEqual(['client-oa', 'secret-oa']);
    expect(secretStore.names().filter((name) => name.startsWith('profile/ordnungsamt/')).length).toBe(8);
    // Both are senders to the platform's BundID mailbox, in the demo's FIT-Connect environment.
    expect(bs.delivery?.zbp).toMatchObject({
      destinationId: ZBP_DESTINATION,
      clientId: 'zbp-sender',
      submissionApiUrl: 'http://127.0.0.1:41235',
    });
    expect(await secretStore.get(oa.delivery?.zbp?.clientSecretName ?? '')).toBe('zbp-secret');
    expect(bs.delivery?.email).toBeUndefined();
  });

  it('refuses a handover for a profile that is not a demo profile', async () => {
    const real = { ...(await readDemoProfile('buergerservice')), demo: false };
    expect(() => withDemoHandover(real, handover('bs'))).toThrow(ProfileError);
  });
});
