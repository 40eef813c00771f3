/**
 * The department-mode profile: it names the department service instead of FIT-Connect credentials, so the
 * workstation keeps no key, client secret or seal; a profile mixing both, or a workstation mixing both
 * kinds, is refused before anything is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/auth/secret-store';
import type { ProfileError } from '../../../main/profile/errors';
import { importProfile, importWorkstationProfile } from '../../../main/profile/import';
import { readDepartmentProfiles } from '../../../main/profile/stored';
import { profileSummary } from '../../../main/profile/summary';
import { createMemoryStore } from '../../../main/settings/user-settings';
import { createProfileFixture, type ProfileFixture } from './fixtures';

let fixture: ProfileFixture;

beforeAll(async () => {
  fixture = await createProfileFixture();
});

afterAll(async () => {
  await fixture?.cleanup();
});

const departmentModeProfile = (changes: Record<string, unknown> = {}) => ({
  format: 'antragsdesk.department-profile/1',
  department: { id: 'buergerservice', name: 'Bürgerservice' },
  identityProvider: {
    issuer: 'https://login.stadt.example/realms/verwaltung',
    clientId: 'antragsdesk',
    idleMinutes: 15,
  },
  departmentService: { url: 'https://fachdienst.stadt.example', audience: 'urn:stadt:antragsdesk' },
  ...changes,
});

function stores() {
  return { secretStore: createMemorySecretStore(), settingsStore: createMemoryStore() };
}

async function refusal(promise: Promise<unknown>): Promise<ProfileError> {
  return promise.then(
    () => expect.fail('imported'),
    (error: ProfileError) => error,
  );
}

describe('a department-mode profile', () => {
  it('is stored with the service and nothing secret', async () => {
    const { secretStore, settingsStore } = stores();
    const stored = await importProfile(departmentModeProfile(), { secretStore, settingsStore });
    expect(stored).toMatchObject({
      department: { id: 'buergerservice', name: 'Bürgerservice' },
      departmentService: { url: 'https://fachdienst.stadt.example', audience: 'urn:stadt:antragsdesk' },
      secretNames: [],
    });
    expect(secretStore.names()).toEqual([]);
    expect(Object.keys(readDepartmentProfiles(settingsStore))).toEqual(['buergerservice']);
    expect(profileSummary(stored)).toMatchObject({
      mode: 'department',
      serviceUrl: 'https://fachdienst.stadt.example',
    });
  });

  it('may not carry FIT-Connect keys, client secrets, the seal or targets: those are the service’s', async () => {
    const { secretStore, settingsStore } = stores();
    const full = fixture.profile as Record<string, unknown>;
    const error = await refusal(
      importProfile(
        departmentModeProfile({ destinations: full.destinations, seal: full.seal, handover: full.handover }),
        { secretStore, settingsStore, baseDir: fixture.dir },
      ),
    );
    expect(error.code).toBe('profile-invalid');
    expect(error.issues.map((issue) => `${issue.path} ${issue.code}`).sort()).toEqual([
      '/destinations unknown-property',
      '/handover unknown-property',
      '/seal unknown-property',
    ]);
    expect(secretStore.names()).toEqual([]);
    expect(readDepartmentProfiles(settingsStore)).toEqual({});
  });

  it('names the service over https:// (http:// on loopback only in a demo)', async () => {
    const insecure = { url: 'http://fachdienst.stadt.example', audience: 'urn:stadt:antragsdesk' };
    const error = await refusal(
      importProfile(departmentModeProfile({ departmentService: insecure }), stores()),
    );
    expect(error.issues).toMatchObject([{ path: '/departmentService/url', code: 'insecure-url' }]);
    const demo = departmentModeProfile({
      demo: true,
      identityProvider: { issuer: 'http://127.0.0.1:4000', clientId: 'antragsdesk', idleMinutes: 15 },
      departmentService: { url: 'http://127.0.0.1:4001', audience: 'urn:stadt:antragsdesk' },
    });
    await expect(importProfile(demo, stores())).resolves.toMatchObject({ demo: true });
  });

  it('is not imported beside single-workstation profiles, nor they beside it', async () => {
    const { secretStore, settingsStore } = stores();
    await importProfile(fixture.profile, { secretStore, settingsStore, baseDir: fixture.dir });
    const other = departmentModeProfile({ department: { id: 'standesamt', name: 'Standesamt' } });
    const error = await refusal(importProfile(other, { secretStore, settingsStore }));
    expect(error.issues).toMatchObject([{ path: '/departmentService', code: 'mixed-modes' }]);
    expect(Object.keys(readDepartmentProfiles(settingsStore))).toEqual(['buergerservice']);
  });

  it('is refused where FIT-Connect must be set up here (the department service’s own departments)', async () => {
    const error = await refusal(importWorkstationProfile(departmentModeProfile(), stores()));
    expect(error.issues).toMatchObject([{ path: '/departmentService', code: 'unknown-property' }]);
  });
});
