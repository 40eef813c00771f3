/**
 * The inbox's pure UI behaviour on many rows (browser mode in Chromium): German headers and count, only the
 * rows in view in the DOM, sorting announced with aria-sort, the overdue filter and saved filters. The 120
 * cases are fixtures stored directly into the encrypted vault (their verification report says so), since
 * none of this depends on how a case arrived and the overdue filter needs old receipt dates. Sync, filters
 * and search over received applications, the case view and decisions that reach the platform are in
 * desk-platform.e2e.test.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskTestApp } from '../support/desk-app';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';

let desk: Awaited<ReturnType<typeof createDeskTestApp>>;
let launched: BrowserModeApp;
let page: Page;

beforeAll(async () => {
  desk = await createDeskTestApp({ cases: 120, seed: 11, withAttachments: 0 });
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
const settled = async () => {
  await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
  // The count follows the rows a moment later.
  await page.locator('[data-testid="result-count"][aria-busy="false"]').waitFor();
};

describe('desk inbox on many fixture cases (Chromium, browser mode)', () => {
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

  it('filters by "Nur überfällige", and resets', async () => {
    await page.getByTestId('filter-overdue').click();
    await settled();
    const overdue = await count();
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(120);
    for (const deadline of await rows().locator('.cell-deadlineAt').allTextContents())
      expect(deadline).toMatch(/überfällig/);
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await settled();
    expect(await count()).toBe(120);
  });

  it('saves a filter and applies it again', async () => {
    await page.getByTestId('filter-overdue').click();
    await settled();
    const overdue = await count();
    expect(overdue).toBeLessThan(120);
    await page.getByRole('button', { name: 'Filter speichern …' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Name des Filters' }).fill('Überfällige');
    await page.getByRole('dialog').getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await settled();
    expect(await count()).toBe(120);
    await page.getByTestId('saved-filters').getByRole('button').click();
    await page.getByRole('option', { name: 'Überfällige' }).click();
    await settled();
    expect(await count()).toBe(overdue);
    await page.getByRole('button', { name: 'Gespeicherten Filter löschen' }).click();
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await settled();
  });
});

describe('inbox layout at 1280 px (Chromium, browser mode)', () => {
  it('shows every Aktenzeichen whole at 1280 px', async () => {
    const listed = await desk.app.dispatch(
      'cases.list',
      { status: ['new'], limit: 3 },
      { transport: 'http' },
    );
    if (!listed.ok) throw new Error(listed.error.code);
    for (const row of (listed.value as { rows: { id: string; version: number }[] }).rows) {
      await desk.app.dispatch(
        'cases.transition',
        { id: row.id, action: 'claim', expectedVersion: row.version },
        { transport: 'http' },
      );
    }
    await page.reload();
    await page.getByTestId('case-grid').locator('tbody tr[data-case-id]').first().waitFor();
    const cells = page.locator('tbody tr[data-case-id] .cell-fileReference');
    await cells
      .filter({ hasText: /^[A-Z]+-[A-Z]+-\d{4}-\d+$/ })
      .first()
      .waitFor();
    const cut = await cells.evaluateAll((all) =>
      all.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent),
    );
    expect(cut).toEqual([]);
  });
});
