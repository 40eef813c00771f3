/**
 * Importing a department profile at first run, in browser mode (Chromium): a malformed profile, one with
 * unusable keys and one with an expired seal show every issue with its place in the file and store nothing
 * (the workstation stays without a profile); a valid profile shows its non-secret summary and leads to
 * sign-in; an identity provider that cannot be reached gives a clear message and leaves it signed out.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilesView, SessionState } from '../../main/api/contract';
import { type DemoEnvironment, startDemoEnvironment } from '../../main/demo/demo-environment';
import type { DepartmentProfile } from '../../main/profile/types';
import type { Envelope } from '../../shared/api/result';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { pooledKeyFactory, testKeyPair } from '../support/platform-keys';
import { makeSealPkcs12 } from '../unit/profile/fixtures';
import { expectAxeClean, screenshotDir } from './sign-in-support';

let launched: BrowserModeApp;
let page: Page;
let demo: DemoEnvironment;
let demoDir: string;
/** The demo's Bürgerservice profile, made importable from anywhere (absolute target folders). */
let valid: DepartmentProfile;

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  demoDir = mkdtempSync(join(tmpdir(), 'ad-profile-e2e-'));
  // The demo environment supplies a real identity provider, platform, keys and seal; its profile is
  // imported through the UI like any department's.
  demo = await startDemoEnvironment({
    dataDir: demoDir,
    seedCount: 0,
    keyFactory: await pooledKeyFactory(),
    sealDir: resolve('.tmp/demo-seal'),
  });
  const [profile] = demo.profiles;
  if (!profile) throw new Error('demo has no profile');
  valid = {
    ...profile,
    handover: { kind: 'hotFolder', path: join(demoDir, 'fachverfahren') },
    archive: { kind: 'hotFolder', path: join(demoDir, 'dms') },
  };
  launched = await launchBrowserMode();
  page = launched.page;
});

afterAll(async () => {
  await launched?.close();
  await demo?.close().catch(() => undefined);
  await closeSharedBrowser();
  if (demoDir) rmSync(demoDir, { recursive: true, force: true });
});

async function valueAsPage<T>(name: string): Promise<T> {
  return page.evaluate(async (call) => {
    const token = sessionStorage.getItem('antragsdesk.token');
    const response = await fetch(`/api/call/${call}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: '{}',
    });
    const envelope = (await response.json()) as Envelope<T>;
    if (!envelope.ok) throw new Error(`${call}: ${envelope.error.code}`);
    return envelope.value;
  }, name);
}

async function choose(name: string, content: string) {
  await page
    .getByTestId('profile-import')
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
}

/** The issues shown, as `path: text`. */
async function shownIssues(): Promise<string[]> {
  await page.getByTestId('profile-issues').waitFor();
  return page.getByTestId('profile-issue').allTextContents();
}

async function expectNothingStored() {
  expect((await valueAsPage<SessionState>('session.current')).status).toBe('no-profile');
  expect((await valueAsPage<ProfilesView>('setup.profiles')).profiles).toEqual([]);
}

const privatePem = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('profile import at first run', () => {
  it('the import is reachable from first run by keyboard', async () => {
    await page.getByRole('heading', { name: 'Arbeitsplatz einrichten', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Profil importieren' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Profildatei wählen …' }).waitFor();
    // The picker is a real button: Tab reaches it.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Profildatei wählen …');
  });

  it('a malformed profile: every issue with its JSON path, nothing stored', async () => {
    const broken = structuredClone(valid) as unknown as {
      department: Record<string, unknown>;
      identityProvider: Record<string, unknown>;
      colour?: string;
    };
    delete broken.department.name;
    broken.identityProvider.idleMinutes = 'zehn';
    broken.colour = 'blau';
    await choose('kaputt.json', JSON.stringify(broken));
    const issues = await shownIssues();
    expect(issues).toEqual(
      expect.arrayContaining([
        '/department/name: Diese Angabe fehlt.',
        '/identityProvider/idleMinutes: Falscher Typ: erwartet wird eine ganze Zahl.',
        '/colour: Diese Einstellung gibt es nicht.',
      ]),
    );
    expect(await page.getByTestId('profile-issues').textContent()).toContain('Es wurde nichts gespeichert.');
    await expectNothingStored();
    await expectAxeClean(page, 'import with errors');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAxeClean(page, 'import with errors, dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // At 200 % zoom (1280 px at zoom 2 is 640 CSS px) the issues wrap; the page never scrolls sideways.
    await page.setViewportSize({ width: 640, height: 800 });
    expect(await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${screenshotDir}/import-errors.png`, fullPage: true });
  });

  it('a file that is not JSON', async () => {
    await choose('notiz.json', '{ "format": ');
    expect(await shownIssues()).toEqual([
      expect.stringMatching(/^Gesamte Datei: Die Datei ist kein gültiges JSON/),
    ]);
    await expectNothingStored();
  });

  it('keys of the wrong type and under 4096 bits, named by path; nothing stored', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const short = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const [destination] = valid.destinations;
    if (!destination) throw new Error('no destination');
    const weak: DepartmentProfile = {
      ...valid,
      destinations: [
        {
          ...destination,
          decryptionKeys: [{ pem: privatePem(short), kid: 'short' }],
          signingKeys: [{ pem: privatePem(ec), kid: 'ec' }],
        },
      ],
    };
    await choose('schwach.json', JSON.stringify(weak));
    expect(await shownIssues()).toEqual(
      expect.arrayContaining([
        '/destinations/0/decryptionKeys/0/pem: Der Schlüssel ist zu kurz: verlangt sind mindestens 4096 Bit.',
        '/destinations/0/signingKeys/0/pem: Falscher Schlüsseltyp: verlangt ist ein RSA-Schlüssel.',
      ]),
    );
    await expectNothingStored();
    await page.screenshot({ path: `${screenshotDir}/import-key-errors.png`, fullPage: true });
  });

  it('an expired seal certificate; nothing stored', async () => {
    const day = 86_400_000;
    const seal = makeSealPkcs12({
      key: (await testKeyPair(2)).privateKey,
      password: 'siegel',
      notBefore: new Date(Date.now() - 400 * day),
      notAfter: new Date(Date.now() - day),
    });
    const expired: DepartmentProfile = {
      ...valid,
      seal: { pkcs12: seal.toString('base64'), password: 'siegel' },
    };
    await choose('abgelaufen.json', JSON.stringify(expired));
    expect(await shownIssues()).toEqual(['/seal: Das Siegelzertifikat ist abgelaufen.']);
    await expectNothingStored();
  });

  it('a valid profile shows its summary and leads to sign-in', async () => {
    await choose('buergerservice.json', JSON.stringify(valid));
    await page.getByRole('heading', { name: 'Anmelden', level: 1 }).waitFor();
    const summary = page.getByTestId('profile-summary');
    await summary.waitFor();
    expect(await summary.getByRole('heading').textContent()).toContain('Bürgerservice');
    const destinations = await summary.getByTestId('profile-destinations').textContent();
    for (const destination of valid.destinations) expect(destinations).toContain(destination.destinationId);
    expect(await summary.getByTestId('profile-seal').textContent()).toMatch(
      /Siegel, gültig bis \d{2}\.\d{2}\.\d{4}$/,
    );
    // Nothing secret reaches the page.
    const html = await page.content();
    const [destination] = valid.destinations;
    expect(html).not.toContain(String(destination?.clientSecret));
    expect((await valueAsPage<SessionState>('session.current')).status).toBe('signed-out');
    await page.screenshot({ path: `${screenshotDir}/import-done.png`, fullPage: true });
  });

  it('an identity provider that cannot be reached: a clear message, still signed out', async () => {
    await demo.identityProvider.close();
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Der Anmeldedienst ist nicht erreichbar' }).waitFor();
    expect((await valueAsPage<SessionState>('session.current')).status).toBe('signed-out');
  });
});
