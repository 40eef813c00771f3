/**
 * The delivery settings of a department profile: the ZBP sender credentials and the SMTP server, with their
 * secrets in the secret store (never in the settings), clear issues for what is wrong, and a re-import that
 * replaces them cleanly.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/auth/secret-store';
import { ProfileError } from '../../../main/profile/errors';
import { importWorkstationProfile } from '../../../main/profile/import';
import { createMemoryStore } from '../../../main/settings/user-settings';
import { createProfileFixture, type ProfileFixture, variant } from './fixtures';

// biome-ignore lint/suspicious/noExplicitAny: test variants poke into the profile JSON freely
type Json = any;

const ZBP_DESTINATION = '0b5e6c1a-7d2f-4e8b-9a3c-5f1e2d4c6b8a';
const ZBP_SECRET = 'zbp-sender-9c1e44f0a7';
const SMTP_PASSWORD = 'smtp-passwort-3b7d';

let fixture: ProfileFixture;

function withDelivery(profile: Json): Json {
  return variant(profile, (copy: Json) => {
    copy.delivery = {
      zbp: { destinationId: ZBP_DESTINATION, clientId: 'zbp-sender', clientSecret: ZBP_SECRET },
      email: {
        host: 'smtp.musterstadt.example',
        port: 587,
        secure: false,
        user: 'bescheide',
        password: { file: 'smtp-password.txt' },
        from: 'bescheide@musterstadt.example',
      },
    };
  });
}

async function issuesOf(profile: Json): Promise<{ path: string; code: string }[]> {
  const error = await importWorkstationProfile(profile, {
    secretStore: createMemorySecretStore(),
    settingsStore: createMemoryStore(),
    baseDir: fixture.dir,
  }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProfileError);
  return (error as ProfileError).issues.map(({ path, code }) => ({ path, code }));
}

beforeAll(async () => {
  fixture = await createProfileFixture();
  await writeFile(join(fixture.dir, 'smtp-password.txt'), `${SMTP_PASSWORD}\n`);
});
afterAll(() => fixture?.cleanup());

describe('delivery settings of a department profile', () => {
  it('stores the ZBP sender and the SMTP server as delivery reads them, secrets in the secret store only', async () => {
    const secretStore = createMemorySecretStore();
    const settingsStore = createMemoryStore();
    const profile = withDelivery(fixture.profile);
    const stored = await importWorkstationProfile(profile, {
      secretStore,
      settingsStore,
      baseDir: fixture.dir,
    });
    const department = stored.department.id;
    const fitConnect = profile.fitConnect;
    expect(stored.delivery).toEqual({
      zbp: {
        destinationId: ZBP_DESTINATION,
        tokenUrl: fitConnect.tokenUrl,
        submissionApiUrl: fitConnect.submissionApiUrl,
        apiPrefix: fitConnect.versionPrefix,
        clientId: 'zbp-sender',
        clientSecretName: `profile/${department}/delivery/zbp/client-secret`,
      },
      email: {
        host: 'smtp.musterstadt.example',
        port: 587,
        secure: false,
        auth: { user: 'bescheide', passwordSecretName: `profile/${department}/delivery/email/password` },
        from: 'bescheide@musterstadt.example',
        allowUnencryptedEmail: false,
      },
    });
    expect(await secretStore.get(stored.delivery?.zbp?.clientSecretName ?? '')).toBe(ZBP_SECRET);
    expect(await secretStore.get(stored.delivery?.email?.auth?.passwordSecretName ?? '')).toBe(SMTP_PASSWORD);
    const settings = JSON.stringify(settingsStore.get('departmentProfiles'));
    expect(settings).not.toContain(ZBP_SECRET);
    expect(settings).not.toContain(SMTP_PASSWORD);

    // Imported again without delivery: no channel is left, and neither is its secret.
    const again = await importWorkstationProfile(fixture.profile, {
      secretStore,
      settingsStore,
      baseDir: fixture.dir,
    });
    expect(again.delivery).toEqual({});
    expect(secretStore.names().filter((name) => name.includes('/delivery/'))).toEqual([]);
  });

  it('names each problem of the delivery settings by its path', async () => {
    const broken = variant(withDelivery(fixture.profile), (copy: Json) => {
      copy.delivery.zbp.destinationId = 'not-a-uuid';
      copy.delivery.email.port = 0;
      copy.delivery.email.from = 'keine Adresse';
      copy.delivery.email.bcc = 'archiv@musterstadt.example';
    });
    expect(await issuesOf(broken)).toEqual(
      expect.arrayContaining([
        { path: '/delivery/zbp/destinationId', code: 'invalid-value' },
        { path: '/delivery/email/port', code: 'invalid-value' },
        { path: '/delivery/email/from', code: 'invalid-value' },
        { path: '/delivery/email/bcc', code: 'unknown-property' },
      ]),
    );
    const noSecret = variant(withDelivery(fixture.profile), (copy: Json) => {
      delete copy.delivery.zbp.clientSecret;
    });
    expect(await issuesOf(noSecret)).toEqual([{ path: '/delivery/zbp/clientSecret', code: 'required' }]);
    // A sign-in needs both halves.
    const noPassword = variant(withDelivery(fixture.profile), (copy: Json) => {
      delete copy.delivery.email.password;
    });
    expect(await issuesOf(noPassword)).toEqual([{ path: '/delivery/email/password', code: 'required' }]);
  });

  it('refuses SMTP without STARTTLS outside a demo profile with a local server', async () => {
    const plain = variant(withDelivery(fixture.profile), (copy: Json) => {
      copy.delivery.email.requireTls = false;
    });
    expect(await issuesOf(plain)).toEqual([{ path: '/delivery/email/requireTls', code: 'insecure-smtp' }]);
  });
});
