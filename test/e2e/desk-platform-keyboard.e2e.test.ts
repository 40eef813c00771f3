/**
 * Keyboard only, as a case worker without a mouse would, against the local platform: open the desk (empty),
 * sync, narrow the inbox to new cases, open a case, view its PDF, claim and formally accept it; the accept
 * reaches the platform. After the page has loaded, nothing but `page.keyboard` drives it.
 */
import type { Locator } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../main/api/contract';
import { closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { createPlatformDeskApp } from '../support/platform-desk-app';

afterAll(closeSharedBrowser);

const APPLICATIONS = 4;

describe('desk with the keyboard only, against the local platform (Chromium, browser mode)', () => {
  it('open → sync → open a case → view a PDF attachment → accept', async () => {
    const desk = await createPlatformDeskApp({ buergerservice: APPLICATIONS, seed: 5 });
    const { page, close } = await launchBrowserMode(desk.app);
    try {
      /** What has focus: tag, role and test id. */
      const focused = () =>
        page.locator('*:focus').evaluate((element) => ({
          tag: element.tagName,
          role: element.getAttribute('role'),
          testId: element.getAttribute('data-testid'),
        }));
      /** Presses Tab until the element is focused (the way a keyboard user walks the page). */
      const tabTo = async (target: Locator) => {
        for (let i = 0; i < 80; i++) {
          await page.keyboard.press('Tab');
          if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) return;
        }
        throw new Error('Tab never reached the element');
      };

      await page.getByTestId('result-count').filter({ hasText: '0 Vorgänge' }).waitFor();
      // Arrival: focus is on the heading, so a screen reader announces the screen.
      expect((await focused()).tag).toBe('H1');

      // s syncs; the result is announced and the inbox fills.
      await page.keyboard.press('s');
      await page
        .getByTestId('sync')
        .getByRole('status')
        .filter({ hasText: `Synchronisierung abgeschlossen: ${APPLICATIONS} abgerufen, 0 fehlgeschlagen.` })
        .waitFor();
      await page
        .getByTestId('result-count')
        .filter({ hasText: `${APPLICATIONS} Vorgänge` })
        .waitFor();

      // "/" jumps to the search; Tab goes on to the status filter; pick "Neu" from its list box.
      await page.keyboard.press('/');
      expect((await focused()).testId).toBe('search');
      await tabTo(page.getByTestId('filter-status').getByRole('button'));
      await page.keyboard.press('Enter');
      await page.getByRole('listbox').waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
      const statuses = await page.locator('tbody .cell-status').allTextContents();
      expect(statuses).toHaveLength(APPLICATIONS);
      for (const status of statuses) expect(status).toBe('Neu');

      // j moves focus into the grid, arrows move the active row, Enter opens it.
      await page.keyboard.press('j');
      expect((await focused()).role).toBe('grid');
      await page.keyboard.press('ArrowDown');
      const active = await page
        .getByTestId('case-grid')
        .evaluate((grid) => grid.getAttribute('aria-activedescendant'));
      expect(active).toBe('case-row-1');
      const caseId = await page.locator('#case-row-1').getAttribute('data-case-id');
      await page.keyboard.press('Enter');
      await page.getByTestId('case-facts').waitFor();
      expect((await focused()).tag).toBe('H1');
      expect(await page.title()).toMatch(/^Vorgang .+ – Antragsdesk$/);

      // Tab to the PDF's "anzeigen" button and open it; the page renders with an accessible name.
      await tabTo(page.getByRole('button', { name: /\.pdf anzeigen$/ }).first());
      await page.keyboard.press('Enter');
      await page.locator('.pdf-page[data-rendered="true"]').waitFor();
      expect(await page.locator('.pdf-page canvas').getAttribute('aria-label')).toMatch(
        /^Seite 1 von \d+ aus .+\.pdf$/,
      );
      expect(await page.locator('.textLayer span').count()).toBeGreaterThan(0);

      // c claims, a accepts (the shortcuts the help overlay lists).
      await page.keyboard.press('c');
      await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
      await page.keyboard.press('a');
      await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Formell annehmen.' }).waitFor();
      expect(await page.getByTestId('case-facts').locator('.status-badge').textContent()).toBe(
        'Formell angenommen',
      );
      await page.getByTestId('outbox-button').filter({ hasText: 'Postausgang: 0 offen, 0 Fehler' }).waitFor();

      // g i goes back; focus returns to the grid's row that was opened.
      await page.keyboard.press('g');
      await page.keyboard.press('i');
      await page.getByRole('heading', { level: 1, name: 'Posteingang' }).waitFor();
      expect((await focused()).role).toBe('grid');

      // The accept reached the platform.
      const view = await desk.app.dispatch('cases.get', { id: caseId }, { transport: 'http' });
      if (!view.ok) throw new Error(view.error.code);
      const { fitCaseId, destinationId } = (view.value as CaseView).case;
      const decisions = await desk.deliveredDecisions(fitCaseId);
      expect(decisions.map(({ claims }) => [claims.event, claims.issuer])).toEqual([
        ['accept-submission', destinationId],
      ]);
    } finally {
      await close();
      await desk.close();
    }
  });
});
