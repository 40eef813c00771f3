/**
 * The inbox and the case view against a real app with a real encrypted vault of demo cases (browser
 * mode in Chromium): search and filters answer, sorting is announced, a case shows German labels and
 * its attachments, and a bulk accept of 20 cases goes through.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskTestApp } from '../support/desk-app';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';

let desk: Awaited<ReturnType<typeof createDeskTestApp>>;
let launched: BrowserModeApp;
let page: Page;

beforeAll(async () => {
  desk = await createDeskTestApp({ cases: 120, seed: 11, withAttachments: 120 });
  launched = await launchBrowserMode(desk.app);
  page = launched.page;
  await page.getByTestId('case-grid').locator('tbody tr[data-case-id]').first().waitFor();
});

afterAll(async () => {
  await launched?.close();
  await desk?.close();
  await closeSharedBrowser();
});

const count = async () => Number((await page.getByTestId('result-count').textContent())?.replace(/\D/g, ''));
const rows = () => page.getByTestId('case-grid').locator('tbody tr[data-case-id]');
/** Waits until the list has answered the latest query (the grid drops aria-busy). */
const settled = () => page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();

async function chooseOptions(testId: string, names: (string | RegExp)[]) {
  await page.getByTestId(testId).getByRole('button').click();
  for (const name of names) await page.getByRole('option', { name }).click();
  await page.keyboard.press('Escape');
}

describe('desk inbox (Chromium, browser mode)', () => {
  it('speaks German: title, column headers, the count of cases', async () => {
    // The first page came with the app's start; the grid must not stay busy waiting for it again.
    await settled();
    expect(await page.title()).toBe('Posteingang – Antragsdesk');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Posteingang');
    const headers = await page.getByRole('columnheader').allTextContents();
    expect(headers.map((h) => h.replace(/[▲▼]/g, '').trim())).toEqual([
      '',
      'Eingang',
      'Leistung',
      'Antragsteller/in',
      'Aktenzeichen',
      'Status',
      'Frist',
      'Bearbeitung',
      'Prüfung',
    ]);
    expect(await count()).toBe(120);
    expect(await page.getByTestId('result-count').textContent()).toBe('120 Vorgänge');
  });

  it('keeps only the rows in view in the DOM, and fetches more as one scrolls', async () => {
    const inDom = await rows().count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(60);
    await page.getByTestId('case-grid').evaluate((grid) => {
      grid.scrollTop = grid.scrollHeight;
    });
    await page.locator('tbody tr[aria-rowindex="121"][data-case-id]').waitFor();
    expect(await rows().count()).toBeLessThan(60);
    await page.getByTestId('case-grid').evaluate((grid) => {
      grid.scrollTop = 0;
    });
  });

  it('sorts by a column header and says so with aria-sort', async () => {
    const header = page.getByRole('columnheader', { name: 'Antragsteller/in' });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await header.getByRole('button').click();
    await settled();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.getByRole('columnheader', { name: 'Eingang' }).getAttribute('aria-sort')).toBe('none');
    const ascending = await rows().first().locator('.cell-applicantName').textContent();
    await header.getByRole('button').click();
    await settled();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await rows().first().locator('.cell-applicantName').textContent()).not.toBe(ascending);
    await page.getByRole('columnheader', { name: 'Eingang' }).getByRole('button').click();
    await settled();
  });

  it('searches (debounced) and finds the case by its applicant', async () => {
    const name = (await rows().nth(3).locator('.cell-applicantName').textContent()) ?? '';
    const word = name.split(' ').at(-1) ?? name;
    await page.getByTestId('search').fill(word);
    await page.getByTestId('result-count').filter({ hasNotText: '120 Vorgänge' }).waitFor();
    await settled();
    const found = await count();
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(120);
    const shown = await rows().allTextContents();
    expect(shown.some((text) => text.includes(word))).toBe(true);
    await page.getByTestId('search').fill('');
    await page.getByTestId('result-count').filter({ hasText: '120 Vorgänge' }).waitFor();
  });

  it('filters by status, service and "Nur überfällige", and resets', async () => {
    await chooseOptions('filter-status', ['Neu']);
    await settled();
    const fresh = await count();
    expect(fresh).toBeGreaterThan(0);
    expect(fresh).toBeLessThanOrEqual(120);
    for (const status of await rows().locator('.cell-status').allTextContents()) expect(status).toBe('Neu');

    const serviceOption = await (async () => {
      await page.getByTestId('filter-service').getByRole('button').click();
      const label = (await page.getByRole('option').first().textContent()) ?? '';
      await page.getByRole('option').first().click();
      await page.keyboard.press('Escape');
      return label.replace(/\s*\(\d+\)$/, '');
    })();
    await settled();
    for (const service of await rows().locator('.cell-serviceName').allTextContents())
      expect(service).toBe(serviceOption);

    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await settled();
    expect(await count()).toBe(120);

    await page.getByTestId('filter-overdue').click();
    await settled();
    const overdue = await count();
    expect(overdue).toBeLessThan(120);
    for (const deadline of await rows().locator('.cell-deadlineAt').allTextContents())
      expect(deadline).toMatch(/überfällig/);
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await settled();
  });

  it('saves a filter and applies it again', async () => {
    await chooseOptions('filter-status', ['Neu']);
    await settled();
    const fresh = await count();
    await page.getByRole('button', { name: 'Filter speichern …' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Name des Filters' }).fill('Neue Anträge');
    await page.getByRole('dialog').getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await settled();
    expect(await count()).toBe(120);
    await page.getByTestId('saved-filters').getByRole('button').click();
    await page.getByRole('option', { name: 'Neue Anträge' }).click();
    await settled();
    expect(await count()).toBe(fresh);
    await page.getByRole('button', { name: 'Gespeicherten Filter löschen' }).click();
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await settled();
  });

  it('a case shows German labels, its verification report and its attachments', async () => {
    await rows().first().locator('.cell-applicantName a').click();
    await page.getByTestId('case-facts').waitFor();
    const facts = await page.getByTestId('case-facts').locator('dt').allTextContents();
    expect(facts).toEqual(
      expect.arrayContaining([
        'Leistung',
        'Aktenzeichen',
        'Eingang',
        'Status',
        'Frist',
        'Rückkanal',
        'Vorgangs-ID',
      ]),
    );
    expect(await page.getByTestId('verification').getByRole('heading', { level: 2 }).textContent()).toBe(
      'Prüfbericht',
    );
    // Form data from the service's schema: German titles, no raw JSON keys as labels at the top level.
    const form = page.getByTestId('form-data').first();
    await form.getByRole('tab', { name: 'Formular' }).waitFor();
    const labels = await form.locator('dt').allTextContents();
    expect(labels.length).toBeGreaterThan(3);
    expect(labels.some((label) => /[A-ZÄÖÜ]/.test(label[0] ?? ''))).toBe(true);
    await form.getByRole('tab', { name: /Rohdaten/ }).click();
    expect(await form.getByTestId('raw-data').textContent()).toMatch(/^\{/);
    await form.getByRole('tab', { name: 'Formular' }).click();

    const attachments = page.getByTestId('attachment-row');
    expect(await attachments.count()).toBeGreaterThan(0);
    const first = await attachments.first().locator('td').allTextContents();
    expect(first[1]).toMatch(/^(Formular|Anlage|Bericht)$/);
    expect(first[3]).toMatch(/^\d+(,\d)? (Byte|kB|MB)$/);
    await page.getByRole('link', { name: 'Zurück zum Posteingang' }).click();
    await page.getByRole('heading', { level: 1, name: 'Posteingang' }).waitFor();
  });

  it('bulk: claims 20 new cases, then accepts all 20 formally', async () => {
    await chooseOptions('filter-status', ['Neu']);
    await settled();
    expect(await count()).toBeGreaterThanOrEqual(20);
    const grid = page.getByTestId('case-grid');
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('x');
    for (let i = 0; i < 19; i++) await page.keyboard.press('Shift+ArrowDown');
    const bar = page.getByTestId('bulk-bar');
    expect(await bar.locator('.bulk-count').textContent()).toBe('20 ausgewählt');
    await bar.getByRole('button', { name: 'Übernehmen (20)' }).click();
    await page
      .getByTestId('inbox-outcome')
      .filter({ hasText: 'Übernehmen: 20 Vorgänge erledigt.' })
      .waitFor();

    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await chooseOptions('filter-status', ['In Prüfung']);
    await page.getByTestId('filter-assignee').getByRole('button').click();
    await page.getByRole('option', { name: 'Mir zugewiesen' }).click();
    await settled();
    expect(await count()).toBeGreaterThanOrEqual(20);
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('x');
    for (let i = 0; i < 19; i++) await page.keyboard.press('Shift+ArrowDown');
    expect(await bar.locator('.bulk-count').textContent()).toBe('20 ausgewählt');
    // Only actions valid for every selected case are offered.
    expect(await bar.getByRole('button').allTextContents()).toEqual(
      expect.arrayContaining(['Formell annehmen (20)', 'Auswahl aufheben']),
    );
    await bar.getByRole('button', { name: 'Formell annehmen (20)' }).click();
    await page
      .getByTestId('inbox-outcome')
      .filter({ hasText: 'Formell annehmen: 20 Vorgänge erledigt.' })
      .waitFor();

    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await chooseOptions('filter-status', ['Formell angenommen']);
    await settled();
    expect(await count()).toBeGreaterThanOrEqual(20);
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await settled();
  });
});
