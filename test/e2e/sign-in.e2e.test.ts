/**
 * Sign-in end to end in browser mode (Chromium): first run, the demo started from the UI, sign-in at the
 * real local OpenID provider in the popup the renderer opens, departments kept apart after a real sync,
 * a Teamleitung action refused to a Sachbearbeitung user even through the HTTP API, the idle lock, and
 * Administration seeing settings and profiles but no cases. Screenshots go to .tmp/screenshots/sign-in/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseListResult, CaseView, SessionState } from '../../main/api/contract';
import type { DemoEnvironment } from '../../main/demo/demo-environment';
import type { Envelope } from '../../shared/api/result';
import { createTestApp, type TestApp } from '../support/app';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { pooledKeyFactory } from '../support/platform-keys';
import { expectAxeClean, screenshotDir, signInAt } from './sign-in-support';

/** Moved forward by the idle-lock test; every clock of the app reads it. */
let clockOffsetMs = 0;
let testApp: TestApp;
let launched: BrowserModeApp;
let page: Page;
let demo: DemoEnvironment;

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  testApp = await createTestApp({
    demo: true,
    now: () => new Date(Date.now() + clockOffsetMs),
    // Nine applications: three for each of the demo's three destinations (two Bürgerservice, one Ordnungsamt).
    demoOptions: { seedCount: 9, keyFactory: await pooledKeyFactory(), sealDir: resolve('.tmp/demo-seal') },
  });
  launched = await launchBrowserMode(testApp.app);
  page = launched.page;
});

afterAll(async () => {
  await launched?.close();
  await testApp?.close();
  await closeSharedBrowser();
});

/** A call as the page would make it: its own origin, its own token. */
async function callAsPage<T>(name: string, input: unknown = {}): Promise<Envelope<T>> {
  return page.evaluate(
    async ({ name, input }) => {
      const token = sessionStorage.getItem('antragsdesk.token');
      const response = await fetch(`/api/call/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      return (await response.json()) as Envelope<T>;
    },
    { name, input },
  );
}

async function valueAsPage<T>(name: string, input: unknown = {}): Promise<T> {
  const envelope = await callAsPage<T>(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.code} ${envelope.error.reason ?? ''}`);
  return envelope.value;
}

const rows = () => page.locator('[data-testid="case-grid"] tbody tr[data-case-id]');

/** Syncs from the header, waits for the inbox to show the result; returns the service names shown. */
async function syncAndReadServices(): Promise<string[]> {
  await page.getByRole('button', { name: 'Synchronisieren' }).click();
  await page.getByText(/Synchronisierung abgeschlossen/).waitFor();
  await rows().first().waitFor();
  await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
  return rows().locator('.cell-serviceName').allTextContents();
}

/** Department and destination of every case the signed-in person may list, asked through the API. */
async function casesByDepartment(): Promise<{ department: string; destinationId: string }[]> {
  const list = await valueAsPage<CaseListResult>('cases.list', { limit: 500 });
  const views = await Promise.all(list.rows.map((row) => valueAsPage<CaseView>('cases.get', { id: row.id })));
  return views.map((view) => ({ department: view.case.department, destinationId: view.case.destinationId }));
}

function departmentOf(id: string) {
  const department = demo.platform.demo.departments.find((candidate) => candidate.id === id);
  if (!department) throw new Error(`demo has no department ${id}`);
  return department;
}

/** Signs out; the provider's end-session page opens too, and ends its session there. */
async function signOut() {
  const endSession = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.getByRole('heading', { name: 'Anmelden', level: 1 }).waitFor();
  const provider = await endSession;
  await provider.getByRole('heading', { name: 'Möchten Sie sich abmelden?' }).waitFor();
  await provider.getByRole('button', { name: 'Abmelden' }).click();
  await provider.getByRole('heading', { name: 'Sie sind abgemeldet.' }).waitFor();
  await provider.close();
}

describe('first run and departments', () => {
  it('offers the demo and a profile import; the demo leads to sign-in', async () => {
    await page.getByRole('heading', { name: 'Arbeitsplatz einrichten', level: 1 }).waitFor();
    await expect(page.getByRole('button', { name: 'Profil importieren' }).isVisible()).resolves.toBe(true);
    await expectAxeClean(page, 'first run');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAxeClean(page, 'first run, dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: `${screenshotDir}/first-run.png` });

    await page.getByRole('button', { name: 'Demo starten' }).click();
    await page.getByRole('heading', { name: 'Anmelden', level: 1 }).waitFor({ timeout: 60_000 });
    demo = await testApp.app.startDemo();
  });

  it('a Bürgerservice user sees only Bürgerservice applications after sync', async () => {
    await signInAt(
      page,
      () => page.getByRole('button', { name: 'Anmelden', exact: true }).click(),
      'anna.schmidt',
    );
    await page.getByTestId('user').getByText('Anna Schmidt · Bürgerservice').waitFor();
    const services = await syncAndReadServices();

    const buergerservice = departmentOf('buergerservice');
    const ids = buergerservice.destinations.map((destination) => destination.destinationId);
    const cases = await casesByDepartment();
    expect(cases.length).toBeGreaterThan(0);
    for (const item of cases) {
      expect(item.department).toBe('buergerservice');
      expect(ids).toContain(item.destinationId);
    }
    // Registration services exist only at the Bürgerservice: at least one of them is in this inbox.
    expect(services.some((name) => /Wohnsitz|Meldebescheinigung|Bewohnerpark|Hundesteuer/.test(name))).toBe(
      true,
    );
  });

  it('a Sachbearbeitung user cannot reassign, neither in the UI nor through the HTTP API', async () => {
    const list = await valueAsPage<CaseListResult>('cases.list', { status: ['new'], limit: 1 });
    const row = list.rows[0];
    if (!row) throw new Error('no new case to claim');
    await page.locator(`tr[data-case-id="${row.id}"] .cell-applicantName a`).click();
    await page.getByTestId('case-facts').waitFor();
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByRole('button', { name: 'Formell annehmen' }).waitFor();
    expect(await page.getByRole('button', { name: /Neu zuweisen/ }).count()).toBe(0);

    const claimed = await valueAsPage<CaseView>('cases.get', { id: row.id });
    const refused = await callAsPage('cases.transition', {
      id: row.id,
      action: 'reassign',
      expectedVersion: claimed.case.version,
      newAssignee: 'tom.becker',
    });
    expect(refused).toMatchObject({ ok: false, error: { reason: 'team-lead-only' } });
    const after = await valueAsPage<CaseView>('cases.get', { id: row.id });
    expect(after.case.assignee).toBe('anna.schmidt');
    await page.getByRole('link', { name: 'Posteingang', exact: true }).click();
  });

  it('after sign-out, an Ordnungsamt user sees only Ordnungsamt applications', async () => {
    await signOut();
    // Nothing of the previous person's cases stays in the page.
    expect(await rows().count()).toBe(0);
    await signInAt(
      page,
      () => page.getByRole('button', { name: 'Anmelden', exact: true }).click(),
      'lea.wagner',
    );
    await page.getByTestId('user').getByText('Lea Wagner · Ordnungsamt').waitFor();
    const services = await syncAndReadServices();

    const [destination] = departmentOf('ordnungsamt').destinations;
    const cases = await casesByDepartment();
    expect(cases.length).toBeGreaterThan(0);
    for (const item of cases)
      expect(item).toEqual({ department: 'ordnungsamt', destinationId: destination?.destinationId });
    for (const name of services) expect(name).toMatch(/Sondernutzung|Gewerbe/);
  });
});

describe('idle lock', () => {
  it('locks after the department idle time, removes the cases from the page, and needs a new sign-in', async () => {
    const shownBefore = await rows().locator('.cell-applicantName').allTextContents();
    expect(shownBefore.length).toBeGreaterThan(0);
    const session = await valueAsPage<SessionState>('session.current');
    if (session.status !== 'signed-in') throw new Error('not signed in');
    expect(session.idleMinutes).toBe(10);
    await page.getByRole('link', { name: 'Einstellungen' }).click();
    expect(await page.getByTestId('idle-minutes').textContent()).toBe('10 Minuten');
    await page.getByRole('link', { name: 'Posteingang', exact: true }).click();
    await rows().first().waitFor();

    clockOffsetMs += 11 * 60_000;
    // The app's idle check (every 15 s) announces the lock; the page follows.
    await page.getByTestId('lock-screen').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('lock-reason').textContent()).toContain('10 Minuten');
    const html = await page.content();
    for (const name of shownBefore) expect(html).not.toContain(name);
    expect(await page.locator('[data-case-id]').count()).toBe(0);
    // Offered: sign in again, or sign this person out for a colleague.
    expect(await page.getByRole('button').allTextContents()).toEqual([
      'Erneut anmelden',
      'Anderen Benutzer anmelden',
    ]);
    expect(await callAsPage('cases.list', {})).toMatchObject({
      ok: false,
      error: { reason: 'session-locked' },
    });
    await expectAxeClean(page, 'lock screen');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAxeClean(page, 'lock screen, dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: `${screenshotDir}/lock-screen.png` });

    // The provider asks for the password again (its own session is still open): signInAt fills its form.
    await signInAt(page, () => page.getByRole('button', { name: 'Erneut anmelden' }).click(), 'lea.wagner');
    await rows().first().waitFor();
    expect(await page.getByTestId('lock-screen').count()).toBe(0);
  });

  it('"Anderen Benutzer anmelden" signs the locked person out, and a colleague signs in at the same desk', async () => {
    clockOffsetMs += 11 * 60_000;
    await page.getByTestId('lock-screen').waitFor({ timeout: 30_000 });
    const endSession = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Anderen Benutzer anmelden' }).click();
    await page.getByRole('heading', { name: 'Anmelden', level: 1 }).waitFor();
    const provider = await endSession;
    await provider.getByRole('button', { name: 'Abmelden' }).click();
    await provider.getByRole('heading', { name: 'Sie sind abgemeldet.' }).waitFor();
    await provider.close();
    await signInAt(
      page,
      () => page.getByRole('button', { name: 'Anmelden', exact: true }).click(),
      'anna.schmidt',
    );
    await page.getByTestId('user').getByText('Anna Schmidt · Bürgerservice').waitFor();
    await rows().first().waitFor();
  });
});

describe('Administration', () => {
  it('sees settings and profiles, no inbox; the settings screen is axe-clean', async () => {
    await signOut();
    await signInAt(page, () => page.getByRole('button', { name: 'Anmelden', exact: true }).click(), 'admin');
    await page.getByTestId('no-case-access').waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Posteingang' }).count()).toBe(0);
    expect(await callAsPage('cases.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await page.getByRole('link', { name: 'Zu den Einstellungen' }).click();
    const summaries = page.getByTestId('profiles-panel').getByTestId('profile-summary');
    await summaries.first().waitFor();
    expect(
      await summaries.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-department'))),
    ).toEqual(expect.arrayContaining(['buergerservice', 'ordnungsamt']));
    expect(await page.getByTestId('managed-path').textContent()).toBe(
      'Kein von der IT bereitgestelltes Profil gefunden.',
    );
    // The integrity check: the whole audit trail and the database file, checked on demand.
    await page.getByRole('button', { name: 'Integrität prüfen' }).click();
    await page
      .getByTestId('integrity')
      .getByText(/Alles in Ordnung: \d+ Einträge/)
      .waitFor();
    await expectAxeClean(page, 'settings (Administration)');
    await page.screenshot({ path: `${screenshotDir}/settings-admin.png`, fullPage: true });
  });
});
