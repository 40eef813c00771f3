/**
 * Hand-over and archive in the case view (browser mode, Chromium): the dry-run preview dialog before "An
 * Fachverfahren übergeben" (record and notes on the mapping, axe-clean), the hand-over through the outbox,
 * its receipt on the case; an archived case with its receipt; and a purged case shown as a stub.
 */

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../main/api/contract';
import type { DepartmentProfile } from '../../main/profile/types';
import type { CaseAction } from '../../shared/cases/workflow';
import { callValue } from '../support/app';
import { createDeskTestApp, type DeskTestApp } from '../support/desk-app';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';

const shots = resolve('.tmp/screenshots');
let desk: DeskTestApp;
let launched: BrowserModeApp;
let page: Page;

const value = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(desk.app, name, input);

async function transition(id: string, action: CaseAction, extra: object = {}): Promise<void> {
  const view = await value('cases.get', { id });
  await value('cases.transition', { id, action, expectedVersion: view.case.version, ...extra });
}

async function openCase(id: string): Promise<void> {
  // The app's own hash routing, as a link would do it.
  await page.evaluate(`window.location.hash = ${JSON.stringify(`#/case/${id}`)}`);
  await page.getByTestId('case-facts').waitFor();
}

async function axeViolations(): Promise<{ id: string; targets: string[] }[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

let accepted: string;
let purged: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  desk = await createDeskTestApp({ cases: 6, seed: 41, withAttachments: 6, user: 'tom.becker' });
  const list = await value('cases.list', { sort: { column: 'receivedAt', dir: 'asc' } });
  const [first, second] = list.rows.map((row) => row.id);
  if (!first || !second) throw new Error('not enough cases');
  accepted = first;
  await transition(accepted, 'claim');
  await transition(accepted, 'accept');
  purged = second;
  await transition(purged, 'claim');
  await transition(purged, 'reject', { rejection: { problem: 'missing-authentication', text: '' } });
  await transition(purged, 'archive');
  for (let tries = 0; (await value('cases.get', { id: purged })).case.status !== 'archived'; tries++) {
    if (tries > 600) throw new Error('archive not confirmed');
    await new Promise((done) => setTimeout(done, 50));
  }
  // The retention run of the Teamleitung, with a retention of 0 days after the confirmed archive.
  const environment = await desk.app.startDemo();
  const profile = environment.profiles.find((p) => p.department.id === 'buergerservice') as DepartmentProfile;
  const demoDir = resolve(desk.dir, 'demo');
  await desk.app.workstation.importProfile({ ...profile, retention: { purgeAfterDays: 0 } }, demoDir);
  expect(await value('archive.purgeDue')).toEqual({ purged: 1, failed: 0 });
  await desk.app.workstation.importProfile(profile, demoDir);
  launched = await launchBrowserMode(desk.app);
  page = launched.page;
  await page.getByTestId('case-grid').locator('tbody tr[data-case-id]').first().waitFor();
}, 180_000);

afterAll(async () => {
  await launched?.close();
  await desk?.close();
  await closeSharedBrowser();
});

describe('hand-over preview and receipts (Chromium, browser mode)', () => {
  it('previews the record, hands it over, and shows the receipt on the case', async () => {
    await openCase(accepted);
    await page.getByRole('button', { name: 'An Fachverfahren übergeben…' }).click();
    const dialog = page.getByTestId('handover-dialog');
    await dialog.waitFor();
    // A table of target field → value; the file as sent behind a toggle.
    const fields = dialog.getByTestId('handover-fields');
    await fields.waitFor();
    expect(await fields.locator('tbody tr').count()).toBeGreaterThan(2);
    expect(await dialog.getByTestId('handover-record').isVisible()).toBe(false);
    await dialog.getByText(/^Datei im Original anzeigen/).click();
    expect((await dialog.getByTestId('handover-record').textContent())?.length).toBeGreaterThan(20);
    await dialog.getByTestId('handover-problems').waitFor();
    expect(await axeViolations()).toEqual([]);
    await page.screenshot({ path: resolve(shots, 'handover-preview.png') });
    // At 200 % zoom (half the CSS width) the dialog still fits: nothing to scroll sideways.
    await page.setViewportSize({ width: 640, height: 400 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(640);
    await page.screenshot({ path: resolve(shots, 'handover-preview-zoom200.png') });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Keyboard: the record scrolls by keys, and the confirm button is reached with Tab.
    await dialog.getByRole('region', { name: 'Datensatz' }).focus();
    await dialog.getByRole('button', { name: 'An Fachverfahren übergeben' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const receipt = page.getByTestId('receipt-handover');
    await receipt.getByText('Zugestellt', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await receipt.textContent()).toContain('Ordner');
    expect(await page.getByTestId('case-facts').locator('.status-badge').textContent()).toContain(
      'An Fachverfahren übergeben',
    );
    expect(await axeViolations()).toEqual([]);
    await page.getByTestId('receipts').screenshot({ path: resolve(shots, 'handover-receipt.png') });
  });

  it('shows an archived case with its archive receipt, and a purged case as a stub', async () => {
    await openCase(purged);
    await page.getByTestId('purged-stub').waitFor();
    expect(await page.getByTestId('purged-stub').textContent()).toMatch(
      /^Archiviert am .+, lokale Daten gelöscht am .+\./,
    );
    const receipt = page.getByTestId('receipt-archive');
    expect(await receipt.textContent()).toContain('Zugestellt');
    expect(await receipt.textContent()).toMatch(/FVDaten\.SGOAblegen\.0605\.zip/);
    // Nothing is offered that needs the purged data: no Antragsübersicht, no notice, no verification report.
    expect(await page.getByRole('button', { name: 'Antragsübersicht drucken' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Bescheide und Schreiben' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Prüfbericht' }).count()).toBe(0);
    expect(await axeViolations()).toEqual([]);
    await page.screenshot({ path: resolve(shots, 'archive-purged-stub.png'), fullPage: true });
    // Dark mode keeps the states readable (axe checks the contrast of the badges and the stub).
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations()).toEqual([]);
    await page.screenshot({ path: resolve(shots, 'archive-purged-stub-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('lets the Teamleitung run the retention on demand, after a confirmation', async () => {
    await page.evaluate(`window.location.hash = '#/settings'`);
    const panel = page.getByTestId('retention');
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Fällige Fälle jetzt löschen…' }).click();
    const dialog = page.getByTestId('retention-dialog');
    await dialog.waitFor();
    expect(await axeViolations()).toEqual([]);
    await dialog.getByRole('button', { name: 'Endgültig löschen' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The one due case was purged before; the demo profile has no retention, so nothing more is due.
    await panel.getByText('0 Fälle gelöscht, 0 fehlgeschlagen.').waitFor();
    await panel.screenshot({ path: resolve(shots, 'retention-panel.png') });
  });
});
