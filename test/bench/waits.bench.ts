/**
 * The waits a case worker sees, end to end in browser mode (Chromium, the built renderer, the demo platform
 * in-process): from the key press or click to the result on screen, for the first use and, as the baseline in
 * the same run, the second use of the same kind. Sync of 16 applications until the inbox shows all 16 verified
 * (baseline: a sync with nothing new), the first PDF attachment shown, the first hand-over preview, the first Bescheid draft with its live preview.
 * Needs `npx electron-vite build`.
 */
import type { Page } from 'playwright-core';
import { closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { createPlatformDeskApp } from '../support/platform-desk-app';

const APPLICATIONS = 16;

async function ms(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

const line = (name: string, first: number, second: number) =>
  console.log(
    `${name.padEnd(34)} first ${first.toFixed(0).padStart(6)} ms   second ${second.toFixed(0).padStart(6)} ms   ${(first / second).toFixed(2)}x`,
  );

async function openCase(page: Page, index: number): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/inbox';
  });
  await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
  await page.locator('tbody tr[data-case-id] .cell-applicantName a').nth(index).click();
  await page.getByTestId('case-facts').waitFor();
}

export default async function waits(): Promise<void> {
  const desk = await createPlatformDeskApp({ buergerservice: APPLICATIONS, seed: 1 });
  const { page, close } = await launchBrowserMode(desk.app);
  try {
    await page.getByTestId('result-count').waitFor();
    // Until the inbox shows every application as verified, as the person sees the sync end.
    const sync = async (count: number) => {
      await page.getByTestId('sync').getByRole('button').first().click();
      await page
        .getByTestId('sync')
        .getByRole('status')
        .filter({ hasText: `Synchronisierung abgeschlossen: ${count} abgerufen` })
        .waitFor({ timeout: 120_000 });
      await page
        .locator('[data-testid="case-grid"][aria-busy="false"] tbody tr[data-case-id] .verification-passed')
        .nth(APPLICATIONS - 1)
        .waitFor({ timeout: 120_000 });
    };
    const syncFirst = await ms(() => sync(APPLICATIONS));
    const syncAgain = await ms(() => sync(0));
    line(`sync of ${APPLICATIONS} applications`, syncFirst, syncAgain);

    const pdfView = async (index: number) => {
      await openCase(page, index);
      return ms(async () => {
        await page
          .getByRole('button', { name: /\.pdf anzeigen$/ })
          .first()
          .click();
        await page.locator('.pdf-page[data-rendered="true"]').first().waitFor();
      });
    };
    line('PDF attachment shown', await pdfView(0), await pdfView(1));

    const handover = async (index: number) => {
      await openCase(page, index);
      await page.keyboard.press('c');
      await page.getByTestId('case-outcome').filter({ hasText: 'Übernehmen' }).waitFor();
      await page.keyboard.press('a');
      await page.getByTestId('case-outcome').filter({ hasText: 'Formell annehmen' }).waitFor();
      return ms(async () => {
        await page.locator('[data-step="handOver"]').click();
        await page.getByTestId('handover-fields').waitFor();
      });
    };
    const handoverFirst = await handover(2);
    await page.keyboard.press('Escape');
    line('hand-over preview shown', handoverFirst, await handover(3));
    await page.keyboard.press('Escape');

    const draft = async (index: number) => {
      await openCase(page, index);
      return ms(async () => {
        await page.locator('[data-step="compose"]').click();
        await page.getByTestId('notice-gaps').waitFor();
        await page.getByTestId('notice-preview').getByText('Vorschau ist aktuell.').waitFor();
        await page
          .locator('[data-testid="notice-preview"] .pdf-page[data-rendered="true"]')
          .first()
          .waitFor();
      });
    };
    line('Bescheid draft with its preview', await draft(2), await draft(3));
  } finally {
    await close();
    await desk.close();
    await closeSharedBrowser();
  }
}
