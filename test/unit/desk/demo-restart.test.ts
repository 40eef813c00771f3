/**
 * The demo after a restart: the platform and the identity provider come back on the ports they had, so the
 * applications that arrive after the restart verify as the first ones did (the platform's SETs name its
 * first URL as issuer, and the re-imported profiles must point there). The demo seal names the authority of
 * the demo letterheads.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../main/app/create-app';
import { appVersion } from '../../../main/app/version';
import { DEMO_DEFECTS, type DemoDefect, demoSeal } from '../../../main/demo/demo-environment';
import { createMemoryLogger } from '../../../main/log/logger';
import { openPkcs12 } from '../../../main/pki/pkcs12';
import { DEMO_PROFILE_FILES, type DemoDepartmentId, readDemoProfile } from '../../../main/profile/demo';
import { createMemoryStore } from '../../../main/settings/user-settings';
import { KeyFileProvider } from '../../../main/vault';
import { seedDemoSubmissions } from '../../../platform/sender/seed';
import { callValue } from '../../support/app';
import { TestBrowser } from '../../support/oidc-browser';
import { pooledKeyFactory } from '../../support/platform-keys';

const dir = mkdtempSync(join(tmpdir(), 'ad-demo-restart-'));
const settingsStore = createMemoryStore();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One start of the app on the same profile folder and settings, signed in as tom.becker. */
async function start(defects: readonly DemoDefect[] = []) {
  const browser = new TestBrowser();
  const app = await createApp({
    mode: 'browser',
    demo: true,
    version: appVersion,
    electronVersion: null,
    settingsStore,
    log: createMemoryLogger(),
    profileDir: dir,
    vaultKey: new KeyFileProvider(join(dir, 'vault.key')),
    managedProfilePaths: [],
    openBrowser: (url) => void browser.signIn(url, 'tom.becker', 'demo'),
    demoOptions: {
      seedCount: 4,
      defects,
      keyFactory: await pooledKeyFactory(),
      sealDir: resolve('.tmp/demo-seal'),
    },
  });
  const demo = await app.startDemo();
  await callValue(app, 'session.signIn');
  return { app, demo };
}

describe('demo restart', () => {
  it('seeds two applications that fail verification; after a restart new applications verify', async () => {
    const first = await start(DEMO_DEFECTS);
    const firstUrls = { platform: first.demo.platform.url, provider: first.demo.identityProvider.issuer };
    await callValue(first.app, 'sync.run');
    // The demo's two defective applications (a hash mismatch, an unknown schema) fail; the others pass.
    const synced = await callValue(first.app, 'cases.list', { limit: 500 });
    expect(synced.rows.filter((row) => row.verification === 'failed').length).toBe(DEMO_DEFECTS.length);
    expect(synced.rows.filter((row) => row.verification === 'passed').length).toBeGreaterThan(0);
    const failedIds = new Set(
      synced.rows.filter((row) => row.verification === 'failed').map((row) => row.id),
    );
    await first.app.close();

    const second = await start();
    try {
      expect({ platform: second.demo.platform.url, provider: second.demo.identityProvider.issuer }).toEqual(
        firstUrls,
      );
      const sent = await seedDemoSubmissions(second.demo.platform, { count: 6, seed: 2 });
      expect(sent.failed).toEqual([]);
      const after = await callValue(second.app, 'sync.run');
      expect(after.fetched).toBeGreaterThan(0);
      expect(after.failed).toBe(0);
      const list = await callValue(second.app, 'cases.list', { limit: 500 });
      const failed = list.rows.filter((row) => row.verification !== 'passed').map((row) => row.id);
      expect(new Set(failed)).toEqual(failedIds);
    } finally {
      await second.app.close();
    }
  });
});

describe('demo seal', () => {
  it('is issued to the authority the demo letterheads name', async () => {
    const sealDir = mkdtempSync(join(tmpdir(), 'ad-demo-seal-'));
    try {
      for (const id of Object.keys(DEMO_PROFILE_FILES) as DemoDepartmentId[]) {
        const authority = (await readDemoProfile(id)).department.authorityName;
        const seal = await demoSeal(sealDir, authority);
        const opened = openPkcs12(seal.pkcs12, seal.password);
        if (!opened.ok) throw new Error(opened.code);
        const subject = new X509Certificate(opened.certificates[0] as Uint8Array).subject;
        expect(subject).toContain(`O=${authority}`);
        expect(subject).toContain(`CN=${authority} Siegel`);
      }
    } finally {
      rmSync(sealDir, { recursive: true, force: true });
    }
  });
});
