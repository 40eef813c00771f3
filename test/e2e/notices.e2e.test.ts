/**
 * Notices in the case view against the real app (browser mode, Chromium, demo platform): a Bescheid
 * composed from its template, gaps filled by keyboard, a paragraph edited, the live preview, sealed and sent
 * to the citizen's BundID mailbox, where the citizen's page offers the sealed PDF and pdfsig trusts it; a
 * broken envelope signature refused by the platform's ZBP, shown as a failure with a retry that delivers
 * once the cause is gone; the Antragsübersicht's print view and saved PDF, read back with pdftotext; and
 * axe-core on the panel and the seal dialog, light and dark. Screenshots go to .tmp/screenshots/notices.
 */

import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../main/api/contract';
import type { DeliveryEnvironment } from '../../main/delivery/types';
import { callValue } from '../support/app';
import { createDeskTestApp, type DeskTestApp } from '../support/desk-app';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { createNssTrustStore, pdfsig, type TestCertificate } from '../support/pki-seal';

const shotDir = resolve('.tmp/screenshots/notices');
const ctx = { transport: 'http' as const };

let desk: DeskTestApp;
let launched: BrowserModeApp;
let page: Page;
let work: string;
let nssdir: string;
/** While set, delivery signs ZBP envelopes with a key that is not the seal certificate's (the backend's hook). */
let brokenSealKey = false;
const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
/** New cases whose citizen chose the BundID mailbox, with that mailbox. */
const mailboxCases: { id: string; mailboxUuid: string }[] = [];
/** A new case whose citizen gave no reply channel: the notice goes by post. */
let postCase: string | undefined;

const call = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(desk.app, name, input);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ad-notices-e2e-'));
  mkdirSync(shotDir, { recursive: true });
  desk = await createDeskTestApp({
    cases: 12,
    seed: 7,
    withAttachments: 12,
    appOptions: {
      deliveryEnvironment: (env): DeliveryEnvironment => ({
        ...env,
        sealCredentials: async (department) => {
          const seal = await env.sealCredentials(department);
          return brokenSealKey ? { ...seal, privateKey: foreignKey } : seal;
        },
      }),
    },
  });
  const demo = await desk.app.startDemo();
  nssdir = createNssTrustStore(work, {
    der: new Uint8Array(new X509Certificate(demo.sealCaPem).raw),
  } as TestCertificate);
  const list = await call('cases.list', { status: ['new'], limit: 50 });
  for (const row of list.rows) {
    const view = await call('cases.get', { id: row.id });
    const mailbox = (view.case.replyChannel?.idBundDeMailbox ?? null) as { mailboxUuid?: string } | null;
    if (mailbox?.mailboxUuid) mailboxCases.push({ id: row.id, mailboxUuid: mailbox.mailboxUuid });
    else if (view.case.replyChannel === null) postCase ??= row.id;
  }
  if (mailboxCases.length < 3) throw new Error(`seed 7 gave ${mailboxCases.length} BundID cases, 3 needed`);
  if (!postCase) throw new Error('seed 7 gave no case without a reply channel');
  launched = await launchBrowserMode(desk.app);
  page = launched.page;
  await page.getByTestId('case-grid').locator('tbody tr[data-case-id]').first().waitFor();
}, 180_000);

afterAll(async () => {
  await launched?.close();
  await desk?.close();
  await closeSharedBrowser();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What the specs touch of the page's window (this project's Node types have no DOM). */
interface InPage {
  location: { hash: string };
  print: () => void;
  printCalls?: number;
}

/** Opens the case fresh (a reload when it is open already, so no draft or choice is left from before). */
async function openCase(id: string): Promise<void> {
  const hash = `#/case/${id}`;
  if ((await page.evaluate(() => (globalThis as unknown as InPage).location.hash)) === hash)
    await page.reload();
  else {
    await page.evaluate((next) => {
      (globalThis as unknown as InPage).location.hash = next;
    }, hash);
  }
  await page.getByTestId('case-facts').waitFor();
}

/**
 * Headless Chromium has no print dialog (its window.print() leaves the page "being printed"). The dialog is
 * the browser's, not ours: only whether it was asked for is recorded, and page.pdf() prints instead.
 */
async function stubPrintDialog(): Promise<void> {
  await page.evaluate(() => {
    const inPage = globalThis as unknown as InPage;
    inPage.printCalls = 0;
    inPage.print = () => {
      inPage.printCalls = (inPage.printCalls ?? 0) + 1;
    };
  });
}

const printCalls = () => page.evaluate(() => (globalThis as unknown as InPage).printCalls);

async function claimAndAccept(): Promise<void> {
  await page.getByRole('button', { name: 'Übernehmen' }).click();
  await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
  await page.getByRole('button', { name: 'Formell annehmen' }).click();
  await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Formell annehmen.' }).waitFor();
}

const notices = () => page.getByTestId('notices');

/** Picks the template, creates the draft and fills every gap through its "Zu …" button. */
async function composeDraft(template: string): Promise<void> {
  // A template is chosen from the start (the approval Bescheid, the standard path's); a chosen option's name
  // carries its check mark.
  const select = notices().getByTestId('notice-template');
  await select.locator('.select-value:not([data-placeholder])').waitFor();
  if ((await select.locator('.select-value').textContent()) !== template) {
    await select.getByRole('button').click();
    await page.getByRole('option', { name: template, exact: true }).click();
  }
  await notices()
    .getByRole('button', { name: /^Entwurf (neu )?erstellen$/ })
    .click();
  const gaps = notices().getByTestId('notice-gaps');
  await gaps.waitFor();
  for (let filled = 0; (await gaps.getByRole('button').count()) > 0; filled++) {
    expect(filled).toBeLessThan(30);
    // The button focuses the field and selects the mark, so typing replaces it.
    await gaps.getByRole('button').first().click();
    await page.keyboard.type('laut Gebührenordnung');
  }
  await gaps.getByText('Alle Angaben sind ausgefüllt.').waitFor();
}

async function previewShows(text: string): Promise<void> {
  const preview = notices().getByTestId('notice-preview');
  await preview.getByText('Vorschau ist aktuell.').waitFor();
  await preview.locator('.pdf-page[data-rendered="true"]').waitFor();
  await expect.poll(() => preview.locator('.textLayer').textContent()).toContain(text);
}

async function seal(version: number): Promise<void> {
  await notices().getByRole('button', { name: 'Siegeln …' }).click();
  const dialog = page.getByTestId('seal-dialog');
  await dialog.getByRole('button', { name: 'Siegeln' }).click();
  await dialog.waitFor({ state: 'detached' });
  await notices()
    .getByTestId('notices-status')
    .filter({ hasText: `Version ${version} gesiegelt.` })
    .waitFor();
}

function delivery(version: number) {
  return notices().locator(
    `[data-testid="notice-version"][data-version="${version}"] [data-testid="notice-delivery"]`,
  );
}

/** A page shows its viewport, a locator the whole element. */
async function shot(name: string, target: Pick<Page, 'screenshot'> = page): Promise<void> {
  await target.screenshot({ path: join(shotDir, name) });
}

function pdfText(bytes: Buffer): string {
  const file = join(work, `text-${Date.now()}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('notices (Chromium, browser mode)', () => {
  it('composes a Bescheid, seals and sends it; the citizen mailbox offers the PDF and pdfsig trusts it', async () => {
    const target = mailboxCases[0];
    if (!target) throw new Error('no BundID case');
    await openCase(target.id);
    await claimAndAccept();
    await composeDraft('Bescheid (Bewilligung)');
    // Edit a body paragraph: the preview follows.
    const paragraph = notices().locator('textarea[data-draft-field^="paragraph-"]').nth(1);
    await paragraph.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Prüfvermerk Ü-42.');
    await previewShows('Prüfvermerk Ü-42.');
    await notices()
      .getByRole('heading', { name: /^Entwurf:/ })
      .evaluate((heading) => heading.scrollIntoView());
    await shot('notice-compose.png');

    await seal(1);
    await notices().getByRole('button', { name: 'Version 1 senden' }).click();
    await delivery(1).and(page.locator('[data-state="delivered"]')).waitFor({ timeout: 60_000 });
    expect(await delivery(1).textContent()).toContain('BundID-Postfach');
    expect(await delivery(1).textContent()).toContain('zugestellt');

    // The citizen's side: the mailbox page of the local platform.
    const citizen = await page.context().newPage();
    await citizen.goto(`${desk.platform.url}${desk.platform.zbp.mailboxPath(target.mailboxUuid)}`);
    const message = citizen.locator('a[href*="/nachrichten/"]').first();
    await message.waitFor();
    await shot('mailbox.png', citizen);
    await message.click();
    const [download] = await Promise.all([
      citizen.waitForEvent('download'),
      citizen
        .getByRole('link', { name: /\.pdf$/ })
        .first()
        .click(),
    ]);
    const file = join(work, 'from-mailbox.pdf');
    await download.saveAs(file);
    const report = pdfsig(file, nssdir);
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Certificate is Trusted.');
    expect(report).toContain('Total document signed');
    expect(pdfText(readFileSync(file))).toContain('Prüfvermerk Ü-42.');
    await citizen.close();
  });

  it('a broken envelope signature fails with its reason and a retry; the retry delivers once the cause is gone', async () => {
    const target = mailboxCases[1];
    if (!target) throw new Error('no BundID case');
    await openCase(target.id);
    await claimAndAccept();
    // First an interim notice, delivered; it leaves the case open for the Bescheid.
    await composeDraft('Zwischenmitteilung');
    await seal(1);
    await notices().getByRole('button', { name: 'Version 1 senden' }).click();
    await delivery(1).and(page.locator('[data-state="delivered"]')).waitFor({ timeout: 60_000 });

    brokenSealKey = true;
    await composeDraft('Bescheid (Bewilligung)');
    await seal(2);
    await notices().getByRole('button', { name: 'Version 2 senden' }).click();
    await delivery(2).and(page.locator('[data-state="failed"]')).waitFor({ timeout: 60_000 });
    expect(await delivery(2).textContent()).toContain(
      'Grund: Das BundID-Postfach (ZBP) hat die Nachricht abgewiesen.',
    );
    const retry = delivery(2).getByRole('button', { name: 'Erneut senden' });
    await retry.waitFor();
    await notices()
      .getByTestId('notice-versions')
      .evaluate((list) => list.scrollIntoView({ block: 'center' }));
    await shot('notice-versions.png', notices());

    brokenSealKey = false;
    await retry.click();
    await delivery(2).and(page.locator('[data-state="delivered"]')).waitFor({ timeout: 60_000 });
    expect(await delivery(2).getByRole('button', { name: 'Erneut senden' }).count()).toBe(0);
  });

  it('without an electronic reply channel: printed for the post, then marked as sent', async () => {
    if (!postCase) throw new Error('no case without a reply channel');
    await openCase(postCase);
    await claimAndAccept();
    await stubPrintDialog();
    await composeDraft('Bescheid (Bewilligung)');
    await seal(1);
    await notices()
      .getByText('Die antragstellende Person hat keinen elektronischen Rückkanal angegeben.', {
        exact: false,
      })
      .waitFor();
    await notices().getByRole('button', { name: 'Drucken und per Post versenden' }).click();
    await delivery(1).and(page.locator('[data-state="print"]')).waitFor();
    expect(await delivery(1).textContent()).toContain('zu drucken und per Post zu versenden');
    // The print dialog came at once, with the sealed notice's pages.
    await expect.poll(() => printCalls(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('print-region').locator('.print-page').first().waitFor({ state: 'attached' });
    await delivery(1).getByRole('button', { name: 'Als versendet markieren' }).click();
    await delivery(1).and(page.locator('[data-state="posted"]')).waitFor();
    expect(await delivery(1).textContent()).toContain('per Post versandt');
  });

  it('prints the Antragsübersicht: the print view and the saved PDF hold the form data in German', async () => {
    const target = mailboxCases[2];
    if (!target) throw new Error('no BundID case');
    await openCase(target.id);
    const view = await call('cases.get', { id: target.id });
    const given = JSON.stringify(view.submissions[0]?.data ?? '');
    const summary = page.getByTestId('summary-actions');
    await stubPrintDialog();
    await summary.getByRole('button', { name: 'Antragsübersicht drucken' }).click();
    await expect.poll(() => printCalls(), { timeout: 30_000 }).toBe(1);
    const region = page.getByTestId('print-region');
    expect(await region.count()).toBe(1);
    await region.locator('.print-page').first().waitFor({ state: 'attached' });
    // On screen the print view is hidden; printed, it is all there is.
    expect(await region.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await region.isVisible()).toBe(true);
    expect(await page.getByTestId('case-facts').isVisible()).toBe(false);
    const printedPdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    writeFileSync(join(shotDir, 'summary-print-view.pdf'), printedPdf);
    const printed = pdfText(printedPdf);
    await page.emulateMedia({ media: 'screen' });
    expect(printed).toContain('Antragsübersicht');
    expect(printed).toContain(view.case.serviceName);

    // The system print dialog is the desktop app's; browser mode refuses it with a clear reason.
    const refused = await desk.app.dispatch('print.page', {}, ctx);
    expect(refused.ok ? null : [refused.error.code, refused.error.reason]).toEqual([
      'refused',
      'desktop-only',
    ]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      summary.getByRole('button', { name: 'Antragsübersicht als PDF speichern' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Antragsuebersicht-.+\.pdf$/);
    const saved = pdfText(readFileSync(await download.path()));
    expect(saved).toContain('Eingegangen am');
    expect(saved).toContain(view.case.serviceName);
    // The applicant's name, as submitted, appears with its German label.
    expect(given).toContain(view.case.applicantName.split(' ')[0] ?? '');
    expect(saved).toContain(view.case.applicantName.split(' ')[0] ?? '');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`axe-core: the notice panel with a draft and the seal dialog, ${colorScheme}`, async () => {
      const target = mailboxCases[2];
      if (!target) throw new Error('no BundID case');
      await page.emulateMedia({ colorScheme });
      await openCase(target.id);
      if ((await page.getByRole('button', { name: 'Übernehmen' }).count()) > 0) await claimAndAccept();
      await composeDraft('Bescheid (Bewilligung)');
      await previewShows('Bescheid');
      const panel = await new AxeBuilder({ page })
        .include('[data-testid="notices"]')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(panel.violations.map((v) => v.id)).toEqual([]);
      await shot(`notice-panel-${colorScheme}.png`, notices());
      await notices().getByRole('button', { name: 'Siegeln …' }).click();
      await page.getByTestId('seal-dialog').waitFor();
      const dialog = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(dialog.violations.map((v) => v.id)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByTestId('seal-dialog').waitFor({ state: 'detached' });
      await notices().getByRole('button', { name: 'Entwurf verwerfen' }).click();
    });
  }
});
