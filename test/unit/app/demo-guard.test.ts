/**
 * `setup.startDemo` runs only on a workstation without a real department profile: once one is imported,
 * the demo platform and identity provider are not started beside it, whoever asks. A demo start that fails
 * half-way leaves nothing running and nothing imported.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILES_SETTING } from '../../../main/profile/stored';
import type { StoredDepartmentProfile } from '../../../main/profile/types';
import { createMemoryStore } from '../../../main/settings/user-settings';
import type { Envelope } from '../../../shared/api/result';
import { createTestApp } from '../../support/app';
import { type DeskTestApp, startDemoDesk } from '../../support/desk-app';
import { pooledKeyFactory } from '../../support/platform-keys';

let desk: DeskTestApp | undefined;
afterAll(async () => {
  await desk?.close();
});

describe('setup.startDemo', () => {
  it('is refused once a real department profile is imported', async () => {
    desk = await startDemoDesk('admin');
    const ctx = { transport: 'http' as const };
    // Demo profiles only: starting again is harmless (the same environment).
    expect(((await desk.app.dispatch('setup.startDemo', {}, ctx)) as Envelope<unknown>).ok).toBe(true);
    const [demoProfile] = (await desk.app.startDemo()).profiles;
    if (!demoProfile) throw new Error('no demo profile');
    // A real profile names https services; nothing is contacted on import.
    const https = (url: string) => url.replace(/^http:/, 'https:');
    await desk.app.workstation.importProfile(
      {
        ...demoProfile,
        demo: false,
        identityProvider: {
          ...demoProfile.identityProvider,
          issuer: https(demoProfile.identityProvider.issuer),
        },
        fitConnect: {
          ...demoProfile.fitConnect,
          tokenUrl: https(demoProfile.fitConnect.tokenUrl),
          submissionApiUrl: https(demoProfile.fitConnect.submissionApiUrl),
        },
      },
      join(desk.dir, 'real'),
    );
    const refused = (await desk.app.dispatch('setup.startDemo', {}, ctx)) as Envelope<unknown>;
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 120_000);
});

describe('a demo start failing half-way', () => {
  it('stops the platform and identity provider, takes back the profiles imported so far, and can start again', async () => {
    // The settings store fails the second profile's write (a full disk), after the first was imported.
    const settings = createMemoryStore();
    let failing = true;
    let writes = 0;
    let firstImported: Record<string, StoredDepartmentProfile> = {};
    const settingsStore = {
      get: settings.get,
      set: (key: string, value: unknown) => {
        if (key === PROFILES_SETTING && failing && ++writes === 2) throw new Error('disk full');
        if (key === PROFILES_SETTING && writes === 1)
          firstImported = value as Record<string, StoredDepartmentProfile>;
        settings.set(key, value);
      },
    };
    const test = await createTestApp({
      demo: true,
      settingsStore,
      demoOptions: {
        seedCount: 0,
        keyFactory: await pooledKeyFactory(),
        sealDir: resolve('.tmp/demo-seal'),
      },
    });
    try {
      await expect(test.app.startDemo()).rejects.toThrow('could not be stored');
      // One profile had been imported with its secrets: both are gone again.
      const [first] = Object.values(firstImported);
      if (!first) throw new Error('the first profile was not imported');
      expect(test.app.workstation.profiles()).toEqual([]);
      expect(test.app.workstation.state()).toEqual({ status: 'no-profile' });
      expect(first.secretNames.length).toBeGreaterThan(0);
      for (const name of first.secretNames) expect(await test.app.store.secrets.get(name)).toBeNull();
      // Nothing listens where the demo's platform and identity provider were.
      const ports = JSON.parse(readFileSync(join(test.dir, 'demo', 'ports.json'), 'utf8')) as {
        platform: number;
        identityProvider: number;
      };
      expect(await listening(ports.platform)).toBe(false);
      expect(await listening(ports.identityProvider)).toBe(false);

      failing = false;
      const environment = await test.app.startDemo();
      expect(test.app.workstation.profiles().map((profile) => profile.department.id)).toEqual(
        environment.profiles.map((profile) => profile.department.id),
      );
      expect(await listening(ports.platform)).toBe(true);
    } finally {
      await test.close();
    }
  }, 120_000);
});

/** Whether something accepts connections on this loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
