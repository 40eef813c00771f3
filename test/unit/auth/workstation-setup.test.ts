/**
 * The workstation's setup through the app's API, as every transport serves it: the managed profile picked
 * up at start, no secret in any file on disk afterwards (settings file, vault, everything), a malformed
 * profile refused with its issues carried to the caller and nothing stored, and an identity provider that
 * cannot be reached refused with a clear code while the workstation stays signed out.
 */
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName } from '../../../main/api/contract';
import type { ApiErrorBody, Envelope } from '../../../shared/api/result';
import { createTestApp, type TestApp } from '../../support/app';
import { createProfileFixture, type ProfileFixture, variant } from '../profile/fixtures';

let fixture: ProfileFixture;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  fixture = await createProfileFixture();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await fixture?.cleanup();
});

/** An app with its settings in a real settings file on disk (as browser mode keeps them). */
async function appWith(managedProfile?: string): Promise<TestApp & { settingsDir: string }> {
  const settingsDir = await mkdtemp(join(tmpdir(), 'ad-settings-'));
  const testApp = await createTestApp({
    settingsStore: new Conf({ cwd: settingsDir, configName: 'settings', projectName: 'antragsdesk' }),
    managedProfilePaths:
      managedProfile === undefined ? [] : [join(fixture.dir, 'missing.json'), managedProfile],
  });
  cleanups.push(async () => {
    await testApp.close();
    await rm(settingsDir, { recursive: true, force: true });
  });
  return { ...testApp, settingsDir };
}

async function call(testApp: TestApp, name: CallName, input: unknown = {}): Promise<Envelope<unknown>> {
  return testApp.app.dispatch(name, input, { transport: 'http' });
}

async function refusal(testApp: TestApp, name: CallName, input: unknown = {}): Promise<ApiErrorBody> {
  const envelope = await call(testApp, name, input);
  if (envelope.ok) throw new Error(`${name} succeeded`);
  return envelope.error;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the managed profile', () => {
  it('is imported at start, named, and no file on disk holds a secret afterwards', async () => {
    const file = await fixture.write();
    const testApp = await appWith(file);
    expect(testApp.app.workstation.managedProfilePath()).toBe(file);
    expect(testApp.app.workstation.state()).toEqual({
      status: 'signed-out',
      departmentName: 'Bürgerservice',
    });

    const files = [...(await filesUnder(testApp.settingsDir)), ...(await filesUnder(testApp.dir))];
    const settingsFile = files.find((path) => path.endsWith('settings.json'));
    expect(settingsFile).toBeDefined();
    expect(await readFile(settingsFile ?? '', 'utf8')).toContain('"destinationId"');
    expect(fixture.secrets.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    for (const path of files) {
      const content = (await readFile(path)).toString('latin1');
      for (const secret of fixture.secrets) if (content.includes(secret)) leaks.push(path);
    }
    expect(leaks).toEqual([]);
  });

  it('an invalid one leaves the workstation without a profile; the app still starts', async () => {
    const file = await fixture.write(variant(fixture.profile, (copy) => delete copy.seal));
    const testApp = await appWith(file);
    expect(testApp.app.workstation.state()).toEqual({ status: 'no-profile' });
    expect(testApp.app.workstation.managedProfilePath()).toBeNull();
    const logged = testApp.log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'profile.managed-refused', code: 'profile-invalid' }),
    );
  });

  it('one that others may change is refused', async () => {
    const file = await fixture.write();
    await chmod(file, 0o666);
    try {
      const testApp = await appWith(file);
      expect(testApp.app.workstation.state()).toEqual({ status: 'no-profile' });
    } finally {
      await chmod(file, 0o644);
    }
  });
});

describe('setup.importProfile through the API', () => {
  it('a malformed profile: each issue with path and code reaches the caller; nothing is stored', async () => {
    const testApp = await appWith();
    const broken = variant(fixture.profile, (copy) => {
      delete (copy.department as Record<string, unknown>).name;
      (copy.identityProvider as Record<string, unknown>).idleMinutes = 0;
    });
    const error = await refusal(testApp, 'setup.importProfile', { profile: JSON.stringify(broken) });
    expect(error).toMatchObject({ code: 'invalid-input', reason: 'profile-invalid' });
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/department/name', code: 'required' }),
        expect.objectContaining({ path: '/identityProvider/idleMinutes', code: 'invalid-value' }),
      ]),
    );
    expect(testApp.app.workstation.state()).toEqual({ status: 'no-profile' });
    expect(await call(testApp, 'setup.profiles')).toEqual({
      ok: true,
      value: { profiles: [], managedPath: null },
    });
  });

  it('text that is not JSON, or JSON that is not an object (never taken for a file name)', async () => {
    const testApp = await appWith();
    const notJson = await refusal(testApp, 'setup.importProfile', { profile: '{ "format": ' });
    expect(notJson.issues).toEqual([expect.objectContaining({ path: '/', code: 'not-json' })]);
    const bareString = await refusal(testApp, 'setup.importProfile', {
      profile: JSON.stringify(await fixture.write()),
    });
    expect(bareString.issues).toEqual([
      expect.objectContaining({ path: '/', code: 'wrong-type', params: { expected: 'object' } }),
    ]);
    expect(testApp.app.workstation.state()).toEqual({ status: 'no-profile' });
  });

  it('relative file references cannot be resolved from pasted text and are named', async () => {
    const testApp = await appWith();
    const error = await refusal(testApp, 'setup.importProfile', { profile: JSON.stringify(fixture.profile) });
    expect(error.issues).toContainEqual(
      expect.objectContaining({ path: '/seal/pkcs12File', code: 'file-reference-without-base' }),
    );
    expect(testApp.app.workstation.state()).toEqual({ status: 'no-profile' });
  });
});

describe('sign-in against an identity provider that cannot be reached', () => {
  it('is refused as idp-unreachable and the workstation stays signed out', async () => {
    const port = await closedLoopbackPort();
    const file = await fixture.write(
      variant(fixture.profile, (copy) => {
        copy.demo = true;
        (copy.identityProvider as Record<string, unknown>).issuer = `http://127.0.0.1:${port}`;
      }),
    );
    const testApp = await appWith(file);
    const error = await refusal(testApp, 'session.signIn');
    expect(error).toMatchObject({ code: 'refused', reason: 'idp-unreachable' });
    expect(error.message).toBe('The identity provider could not be reached.');
    expect(testApp.app.workstation.state().status).toBe('signed-out');
    // Nobody is signed in, so nobody may read the profiles.
    expect(await refusal(testApp, 'setup.profiles')).toMatchObject({ code: 'unauthorized' });
  });
});
