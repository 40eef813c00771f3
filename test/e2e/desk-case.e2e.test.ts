/**
 * The case view against a real app (browser mode, Chromium), on applications the local platform's sender
 * submitted and the desk synced: the form rendered from its schema and raw, all attachments as one ZIP built
 * in the page, internal notes and history, resubmission with a date, a refusal (the case changed
 * meanwhile) shown as an alert, the verification report and history in German, and a reload when an outbox
 * item of the case moves that keeps an open dialog and its focus. Rejection and acceptance reaching the
 * platform are in desk-platform.e2e.test.ts.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { statusUpdateItem } from '../../main/delivery';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { createPlatformDeskApp, type PlatformDeskApp } from '../support/platform-desk-app';

let desk: PlatformDeskApp;
let launched: BrowserModeApp;
let page: Page;

beforeAll(async () => {
  desk = await createPlatformDeskApp({ buergerservice: 8, seed: 21 });
  const synced = await desk.app.dispatch('sync.run', {}, { transport: 'http' });
  if (!synced.ok) throw new Error(`sync failed: ${synced.error.code}`);
  launched = await launchBrowserMode(desk.app);
  page = launched.page;
  await page.getByTestId('case-grid').locator('tbody tr[data-case-id]').first().waitFor();
});

afterAll(async () => {
  await launched?.close();
  await desk?.close();
  await closeSharedBrowser();
});

/** Opens the n-th case still "Neu" from the inbox. */
async function openNewCase(n = 0): Promise<string> {
  await page.getByRole('link', { name: 'Posteingang', exact: true }).click();
  const row = page.locator('tbody tr[data-case-id]').filter({ hasText: 'Neu' }).nth(n);
  const id = (await row.getAttribute('data-case-id')) ?? '';
  await row.locator('.cell-applicantName a').click();
  await page.getByTestId('case-facts').waitFor();
  return id;
}

const status = () => page.getByTestId('case-facts').locator('.status-badge').textContent();

function zipEntries(bytes: Buffer): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries = new Map<string, number>();
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry.uncompressedSize);
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('desk case view (Chromium, browser mode)', () => {
  it('renders the form from its schema, and raw on request', async () => {
    await openNewCase();
    const form = page.getByTestId('form-data').first();
    // The schema's own title heads the panel; nested objects become sections with headings.
    expect(await form.getByRole('heading', { level: 2 }).textContent()).not.toBe('Formulardaten');
    expect(await form.getByRole('heading', { level: 3 }).count()).toBeGreaterThan(0);
    expect(await form.locator('dd').count()).toBeGreaterThan(3);
    await form.getByRole('tab', { name: 'Rohdaten (JSON)' }).click();
    const raw = JSON.parse((await form.getByTestId('raw-data').textContent()) ?? '');
    expect(typeof raw).toBe('object');
  });

  it('saves all attachments as one ZIP built in the page', async () => {
    // The first new case with more than one attachment (a ZIP of one file is not offered).
    for (let n = 1; (await page.getByTestId('attachment-row').count()) < 2; n++) await openNewCase(n);
    const names = await page.getByTestId('attachment-row').locator('td:first-child').allTextContents();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Alle als ZIP' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Anlagen-.+\.zip$/);
    const entries = await zipEntries(await readFile(await download.path()));
    expect([...entries.keys()].sort()).toEqual([...names].sort());
    for (const size of entries.values()) expect(size).toBeGreaterThan(0);
  });

  it('claims, keeps an internal note and shows both in the history', async () => {
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
    expect(await status()).toBe('In Prüfung');
    await page.getByRole('textbox', { name: 'Neue Notiz' }).fill('Rückruf am Montag vereinbart.');
    await page.getByRole('button', { name: 'Notiz hinzufügen' }).click();
    await page.getByTestId('notes').getByText('Notiz gespeichert.').waitFor();
    expect(await page.getByTestId('notes').locator('.note-text').allTextContents()).toContain(
      'Rückruf am Montag vereinbart.',
    );
    const history = await page.getByTestId('history').locator('tbody').textContent();
    expect(history).toContain('Übernommen');
    expect(history).toContain('Notiz hinzugefügt');
  });

  it('sets a resubmission date on an accepted case', async () => {
    await openNewCase();
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
    await page.getByRole('button', { name: 'Formell annehmen' }).click();
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Formell annehmen.' }).waitFor();
    await page.getByRole('button', { name: 'Wiedervorlage…' }).click();
    const dialog = page.getByTestId('resubmit-dialog');
    // Type the date segment by segment (TT.MM.JJJJ), as the keyboard does.
    const next = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
    await dialog.getByRole('spinbutton').first().focus();
    await page.keyboard.type(
      `${String(next.getDate()).padStart(2, '0')}${String(next.getMonth() + 1).padStart(2, '0')}${next.getFullYear()}`,
    );
    await dialog.getByRole('button', { name: 'Wiedervorlage setzen' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await status()).toBe('Wiedervorlage');
  });

  it('a case changed meanwhile: the conflict is said in an alert, and reloading shows the change', async () => {
    const id = await openNewCase();
    // Someone else gives the case a file reference behind this page's back (no event reaches it).
    const view = await desk.app.dispatch('cases.get', { id }, { transport: 'http' });
    if (!view.ok) throw new Error(view.error.code);
    const { version } = (view.value as { case: { version: number } }).case;
    desk.app.vault.cases.update(id, version, { fileReference: 'AZ-2026-0815' });
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'inzwischen geändert' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'Der Vorgang wurde inzwischen geändert. Bitte laden Sie ihn neu.',
    );
    await alert.getByRole('button', { name: 'Vorgang neu laden' }).click();
    await page.getByTestId('case-facts').getByText('AZ-2026-0815').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'inzwischen geändert' }).count()).toBe(0);
  });

  it('an action the status no longer allows is refused in an alert', async () => {
    const id = await openNewCase();
    const view = await desk.app.dispatch('cases.get', { id }, { transport: 'http' });
    if (!view.ok) throw new Error(view.error.code);
    const { version } = (view.value as { case: { version: number } }).case;
    desk.app.vault.cases.update(id, version, { status: 'rejected' });
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'nicht möglich' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Das ist im jetzigen Status des Vorgangs nicht möglich.');
  });

  it('says the checks and the system in German, and reloads when an outbox item of the case moves', async () => {
    const id = await openNewCase();
    const checks = await page.getByTestId('verification').locator('.check-detail').allTextContents();
    expect(checks).toContain('Die Metadaten wurden entschlüsselt, ihr Integritäts-Tag ist geprüft.');
    expect(checks.filter((text) => /\b(the|verified|matches)\b/i.test(text))).toEqual([]);
    const intake = page
      .getByTestId('history')
      .locator('tr')
      .filter({ hasText: 'Über FIT-Connect eingegangen' });
    expect(await intake.locator('td').nth(1).textContent()).toBe('System');

    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
    await page.getByRole('button', { name: 'Ablehnen…' }).click();
    const explanation = page.getByRole('dialog').getByRole('textbox', { name: /Grund der Ablehnung/ });
    await explanation.fill('Es fehlt der Nachweis.');
    // Behind the page's back the case gets a file reference; then an outbox item of the case changes state.
    const view = await desk.app.dispatch('cases.get', { id }, { transport: 'http' });
    if (!view.ok) throw new Error(view.error.code);
    const { version } = (view.value as { case: { version: number } }).case;
    await desk.app.store.cases.update(id, version, { fileReference: 'AZ-2026-4711' });
    await desk.app.store.transaction((tx) => desk.app.outbox.enqueue(tx, statusUpdateItem(id, 'PROCESSING')));
    await page.getByTestId('case-facts').getByText('AZ-2026-4711').waitFor();
    expect(await page.getByRole('dialog').isVisible()).toBe(true);
    expect(await explanation.evaluate((field) => field === field.ownerDocument.activeElement)).toBe(true);
    expect(await explanation.inputValue()).toBe('Es fehlt der Nachweis.');
    await page.keyboard.press('Escape');
  });
});
