/**
 * `npx tsx test/support/screenshots.ts`: takes the README's screenshots of the real app in browser mode
 * (Chromium, de-DE) into assets/screenshots/: the desk (inbox, a case with its PDF, the Bescheid composer, the
 * reject dialog, dark mode; inbox, case and composer at 200 % zoom) on a vault of demo cases, and the settings
 * screen. Run after
 * `npx electron-vite build`.
 */
import type { Page } from 'playwright-core';
import { createDeskTestApp } from './desk-app';
import { closeSharedBrowser, launchBrowserMode, sharedBrowser } from './e2e';

const desk = await createDeskTestApp({ cases: 240, seed: 42 });

async function inboxReady(page: Page) {
  await page.locator('[data-testid="case-grid"] tbody tr[data-case-id]').first().waitFor();
  await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
  // The filter fields load after the first rows; folded away on narrow windows.
  await page
    .getByTestId('filter-status')
    .or(page.getByRole('button', { name: 'Filter', expanded: false }))
    .first()
    .waitFor();
}

/** The first new case. */
async function openNewCase(page: Page) {
  await inboxReady(page);
  const folded = page.getByRole('button', { name: 'Filter', expanded: false });
  if (await folded.isVisible()) await folded.click();
  await page.getByTestId('filter-status').getByRole('button').click();
  await page.getByRole('option', { name: 'Neu' }).click();
  await page.keyboard.press('Escape');
  await inboxReady(page);
  await page.locator('tbody tr[data-case-id] .cell-applicantName a').first().click();
  await page.getByTestId('case-facts').waitFor();
}

async function openCaseWithPdf(page: Page) {
  await openNewCase(page);
  await page
    .getByRole('button', { name: /\.pdf anzeigen$/ })
    .first()
    .click();
  await page.locator('.pdf-page[data-rendered="true"]').waitFor();
}

/** A case claimed and accepted, its Bescheid drafted beside the live preview. */
async function composeBescheid(page: Page) {
  await openNewCase(page);
  await page.keyboard.press('c');
  await page.getByTestId('case-outcome').filter({ hasText: 'Übernehmen' }).waitFor();
  await page.keyboard.press('a');
  await page.getByTestId('case-outcome').filter({ hasText: 'Formell annehmen' }).waitFor();
  await page.locator('[data-step="compose"]').click();
  await page.getByTestId('notice-preview').getByText('Vorschau ist aktuell.').waitFor();
  await page.locator('[data-testid="notice-preview"] .pdf-page[data-rendered="true"]').first().waitFor();
  await page.locator('#notice-draft-title').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
}

const shots: {
  file: string;
  colorScheme: 'light' | 'dark';
  zoom?: boolean;
  /** The whole page, not just the viewport. */
  fullPage?: boolean;
  take: (page: Page) => Promise<void>;
}[] = [
  { file: 'desk-inbox.png', colorScheme: 'light', take: inboxReady },
  { file: 'desk-inbox-dark.png', colorScheme: 'dark', take: inboxReady },
  { file: 'desk-inbox-zoom200.png', colorScheme: 'light', zoom: true, fullPage: true, take: inboxReady },
  {
    file: 'desk-case-pdf.png',
    colorScheme: 'light',
    take: async (page) => {
      await openCaseWithPdf(page);
      await page.getByTestId('attachments').evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    },
  },
  {
    file: 'desk-case-top.png',
    colorScheme: 'light',
    take: async (page) => {
      await openCaseWithPdf(page);
      await page.locator('html').evaluate((html) => html.ownerDocument.defaultView.scrollTo(0, 0));
    },
  },
  {
    file: 'desk-case-zoom200.png',
    colorScheme: 'light',
    zoom: true,
    take: async (page) => {
      await openCaseWithPdf(page);
      await page.locator('html').evaluate((html) => html.ownerDocument.defaultView.scrollTo(0, 0));
    },
  },
  { file: 'notice-compose.png', colorScheme: 'light', take: composeBescheid },
  { file: 'notice-compose-zoom200.png', colorScheme: 'light', zoom: true, take: composeBescheid },
  {
    file: 'desk-reject-dialog.png',
    colorScheme: 'light',
    take: async (page) => {
      await openCaseWithPdf(page);
      await page.locator('html').evaluate((html) => html.ownerDocument.defaultView.scrollTo(0, 0));
      await page.getByRole('button', { name: 'Übernehmen' }).click();
      await page.getByRole('button', { name: 'Ablehnen…' }).click();
      await page.getByTestId('reject-dialog').waitFor();
    },
  },
  {
    file: 'app-shell.png',
    colorScheme: 'light',
    take: async (page) => {
      await page.getByRole('navigation').getByRole('link', { name: 'Einstellungen' }).click();
      await page.getByTestId('app-version').waitFor();
    },
  },
  {
    file: 'app-shell-dark.png',
    colorScheme: 'dark',
    take: async (page) => {
      await page.getByRole('navigation').getByRole('link', { name: 'Einstellungen' }).click();
      await page.getByTestId('app-version').waitFor();
    },
  },
];

// `npx tsx test/support/screenshots.ts desk-inbox.png …` retakes only the named ones.
const wanted = process.argv.slice(2);
try {
  for (const shot of shots.filter((s) => wanted.length === 0 || wanted.includes(s.file))) {
    const launched = await launchBrowserMode(desk.app);
    let page = launched.page;
    const zoomed = shot.zoom
      ? await (await sharedBrowser()).newContext({
          locale: 'de-DE',
          viewport: { width: 640, height: 400 },
          deviceScaleFactor: 2,
        })
      : null;
    if (zoomed) {
      page = await zoomed.newPage();
      await page.goto(launched.server.launchUrl);
    }
    await page.emulateMedia({ colorScheme: shot.colorScheme });
    await shot.take(page);
    await page.screenshot({ path: `assets/screenshots/${shot.file}`, fullPage: shot.fullPage === true });
    console.log(`wrote assets/screenshots/${shot.file}`);
    await zoomed?.close();
    await launched.close();
  }
} finally {
  await desk.close();
  await closeSharedBrowser();
}
