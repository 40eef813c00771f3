/**
 * Accessibility (BITV 2.0 / WCAG 2.1 AA) of the desk, checked by axe-core in Chromium: the inbox, a case
 * with its PDF open, every dialog, the Team screen and settings, in light and in dark, on applications the
 * local platform's sender submitted and the desk synced. And at 200 % zoom (1280 px wide at zoom 2 is 640 CSS px) the page
 * itself never scrolls sideways; wide tables scroll in their region.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedBrowser, launchBrowserMode, sharedBrowser } from '../support/e2e';
import { createPlatformDeskApp, type PlatformDeskApp } from '../support/platform-desk-app';

let desk: PlatformDeskApp;

beforeAll(async () => {
  // A team lead, so the reassign dialog is offered too.
  desk = await createPlatformDeskApp({ buergerservice: 8, seed: 3, user: 'tom.becker' });
  const synced = await desk.app.dispatch('sync.run', {}, { transport: 'http' });
  if (!synced.ok) throw new Error(`sync failed: ${synced.error.code}`);
});

afterAll(async () => {
  await desk?.close();
  await closeSharedBrowser();
});

interface Finding {
  id: string;
  targets: string[];
}

async function violations(page: Page): Promise<Finding[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

async function expectClean(page: Page, where: string) {
  expect({ where, violations: await violations(page) }).toEqual({ where, violations: [] });
}

/** Opens a dialog with `open`, checks it, and closes it with Escape (focus returns where it was). */
async function checkDialog(page: Page, testId: string, open: () => Promise<void>) {
  await open();
  await page.getByTestId(testId).waitFor();
  await expectClean(page, testId);
  await page.keyboard.press('Escape');
  await page.getByTestId(testId).waitFor({ state: 'detached' });
}

for (const colorScheme of ['light', 'dark'] as const) {
  describe(`axe, ${colorScheme}`, () => {
    it('inbox, help overlay, outbox, save-filter dialog', async () => {
      const { page, close } = await launchBrowserMode(desk.app);
      try {
        await page.emulateMedia({ colorScheme });
        await page.getByTestId('case-grid').locator('tbody tr[data-case-id]').first().waitFor();
        await expectClean(page, 'inbox');
        await checkDialog(page, 'help-dialog', () => page.keyboard.press('?'));
        await checkDialog(page, 'outbox-dialog', () => page.getByTestId('outbox-button').click());
        await checkDialog(page, 'save-filter-dialog', () =>
          page.getByRole('button', { name: 'Filter speichern …' }).click(),
        );
        // A selection shows the bulk bar.
        await page.getByTestId('case-grid').focus();
        await page.keyboard.press('x');
        await page.getByTestId('bulk-bar').waitFor();
        await expectClean(page, 'inbox with selection');
      } finally {
        await close();
      }
    });

    // Six axe runs, one over a long page with a rendered PDF: more than a minute on a busy machine.
    it('case view with a PDF shown; reject, resubmission, reassign and hand dialogs; team; settings', async () => {
      const { page, close } = await launchBrowserMode(desk.app);
      try {
        await page.emulateMedia({ colorScheme });
        await page.getByTestId('filter-status').getByRole('button').click();
        await page.getByRole('option', { name: 'Neu' }).click();
        await page.keyboard.press('Escape');
        await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
        await page
          .locator('tbody tr[data-case-id] .cell-applicantName a')
          .nth(colorScheme === 'light' ? 0 : 1)
          .click();
        await page.getByTestId('case-facts').waitFor();
        await page
          .getByRole('button', { name: /\.pdf anzeigen$/ })
          .first()
          .click();
        await page.locator('.pdf-page[data-rendered="true"]').waitFor();
        await expectClean(page, 'case');

        // Each action is done (and the case reloaded) before the next button is pressed.
        await page.getByRole('button', { name: 'Übernehmen' }).click();
        await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
        await checkDialog(page, 'reject-dialog', () =>
          page.getByRole('button', { name: 'Ablehnen…' }).click(),
        );
        await checkDialog(page, 'reassign-dialog', () =>
          page.getByRole('button', { name: 'Neu zuweisen…' }).click(),
        );
        await page.getByRole('button', { name: 'Formell annehmen' }).click();
        await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Formell annehmen.' }).waitFor();
        await checkDialog(page, 'resubmit-dialog', () =>
          page.getByRole('button', { name: 'Wiedervorlage…' }).click(),
        );
        await expectClean(page, 'case after accepting');
        await checkDialog(page, 'hand-dialog', () =>
          page.getByRole('button', { name: 'An Kolleg:in weitergeben …' }).click(),
        );

        await page.getByRole('link', { name: 'Team' }).click();
        await page.getByTestId('overview-unassigned').waitFor();
        await expectClean(page, 'team: overview, absence, notifications');

        await page.getByRole('link', { name: 'Einstellungen' }).click();
        await page.getByTestId('app-version').waitFor();
        await expectClean(page, 'settings');
      } finally {
        await close();
      }
    }, 150_000);
  });
}

describe('200 % zoom', () => {
  it('inbox (reflowed) and case view never scroll sideways', async () => {
    const { close, server } = await launchBrowserMode(desk.app);
    const context = await (await sharedBrowser()).newContext({
      locale: 'de-DE',
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
    });
    try {
      const zoomed = await context.newPage();
      await zoomed.goto(server.launchUrl);
      await zoomed.getByTestId('case-grid').locator('tbody tr[data-case-id]').first().waitFor();
      const overflow = () => zoomed.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
      expect(await overflow()).toBe(0);
      // The inbox reflows: no sideways scrolling in the table either, and applicant and status side by side.
      expect(
        await zoomed.getByTestId('case-grid').evaluate((grid) => grid.scrollWidth - grid.clientWidth),
      ).toBe(0);
      const firstRow = zoomed.locator('tbody tr[data-case-id]').first();
      for (const cell of ['.cell-applicantName', '.cell-status']) {
        const box = await firstRow.locator(cell).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 640 && box.width > 60).toBe(true);
      }
      expect(
        await firstRow
          .locator('.cell-status')
          .evaluate((cell) => cell.scrollWidth <= cell.clientWidth && (cell.textContent ?? '') !== ''),
      ).toBe(true);
      await zoomed.locator('tbody tr[data-case-id] .cell-applicantName a').first().click();
      await zoomed.getByTestId('case-facts').waitFor();
      await zoomed
        .getByRole('button', { name: /\.pdf anzeigen$/ })
        .first()
        .click();
      await zoomed.locator('.pdf-page[data-rendered="true"]').waitFor();
      expect(await overflow()).toBe(0);
      await expectClean(zoomed, 'case at 200 %');
    } finally {
      await context.close();
      await close();
    }
  });
});
