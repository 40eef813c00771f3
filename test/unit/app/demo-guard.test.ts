/**
 * `setup.startDemo` runs only on a workstation without a real department profile: once one is imported,
 * the demo platform and identity provider are not started beside it, whoever asks.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/api/result';
import { type DeskTestApp, startDemoDesk } from '../../support/desk-app';

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
