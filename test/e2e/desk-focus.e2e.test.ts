/**
 * Where focus goes after the steps that leave the standard path (#14 item 6), keyboard only: after a rejection
 * on to archiving it (the rejected case's one step left); a Wiedervorlage parks the case, so focus goes back
 * to the inbox link; a Rückfrage (key f, or its button) drafts
 * the Nachforderung with focus on what is still to be written, and once sent the case waits, so focus goes back
 * to the inbox (or to "posted" when it is to be printed); discarding a draft puts focus on its undo, and undo
 * back on the draft. Against the local platform, in browser mode (Chromium).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { createPlatformDeskApp, type PlatformDeskApp } from '../support/platform-desk-app';

let desk: PlatformDeskApp;
let launched: BrowserModeApp;
let page: Page;

beforeAll(async () => {
  desk = await createPlatformDeskApp({
    buergerservice: 4,
    seed: 6,
    buergerserviceServices: ['meldebescheinigung'],
  });
  launched = await launchBrowserMode(desk.app);
  page = launched.page;
  await page.getByTestId('result-count').waitFor();
  await page.keyboard.press('s');
  await page.getByTestId('result-count').filter({ hasText: '4 Vorgänge' }).waitFor();
});

afterAll(async () => {
  await launched?.close();
  await desk?.close();
  await closeSharedBrowser();
});

/** What has focus: its data-step (the step control it is), its id, or its tag. */
const focused = () =>
  page.evaluate(() => {
    type Focused = { getAttribute(name: string): string | null; id: string; tagName: string } | null;
    const active = (globalThis as unknown as { document: { activeElement: Focused } }).document.activeElement;
    return active?.getAttribute('data-step') ?? (active?.id || active?.tagName) ?? null;
  });

/** How long focus may take to get there on a busy machine (a bound on waiting, not a measured time). */
const patiently = { timeout: 20_000 };

const outcome = (text: string) => page.getByTestId('case-outcome').filter({ hasText: text }).waitFor();

/**
 * From the inbox, the newest case still "Neu" (or the oldest: with this seed, its applicant chose the BundID
 * mailbox), claimed by keyboard; focus is then on "Formell annehmen".
 */
async function claimNewCase(which: 'newest' | 'oldest' = 'newest'): Promise<void> {
  await page.getByRole('link', { name: 'Posteingang', exact: true }).click();
  await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
  const rows = page.locator('tbody tr[data-case-id]').filter({ hasText: 'Neu' });
  const row = which === 'newest' ? rows.first() : rows.last();
  await row.locator('.cell-applicantName a').click();
  await page.getByTestId('case-facts').waitFor();
  await page.keyboard.press('c');
  await outcome('Erledigt: Übernehmen.');
  await expect.poll(focused, patiently).toBe('accept');
}

describe('focus after the steps that park a case or change the draft (keyboard only)', () => {
  it('a rejection: on to archiving the rejected case', async () => {
    await claimNewCase();
    await page.keyboard.press('r');
    const dialog = page.getByTestId('reject-dialog');
    await dialog.getByRole('textbox', { name: /Grund der Ablehnung/ }).focus();
    await page.keyboard.type('Unvollständig');
    await dialog.getByRole('button', { name: 'Ablehnen' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await outcome('Erledigt: Ablehnen.');
    await expect.poll(focused, patiently).toBe('archive');
  });

  it('a Wiedervorlage: back to the inbox', async () => {
    await claimNewCase();
    await page.keyboard.press('Enter');
    await outcome('Erledigt: Formell annehmen.');
    await expect.poll(focused, patiently).toBe('handOver');
    // "Wiedervorlage …" sits just before "An Fachverfahren übergeben" in the action bar.
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused, patiently).toBe('resubmit');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('resubmit-dialog');
    await dialog.getByRole('spinbutton').first().focus();
    const next = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
    await page.keyboard.type(
      `${String(next.getDate()).padStart(2, '0')}${String(next.getMonth() + 1).padStart(2, '0')}${next.getFullYear()}`,
    );
    await dialog.getByRole('button', { name: 'Wiedervorlage setzen' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(focused, patiently).toBe('back');
  });

  it('a Rückfrage: f drafts the Nachforderung at its gap; discard → undo → draft; sent → back to the inbox', async () => {
    await claimNewCase('oldest');
    await page.keyboard.press('Enter');
    await outcome('Erledigt: Formell annehmen.');
    expect(await page.locator('[data-step="inquire"]').textContent()).toBe('Rückfrage…');

    await page.keyboard.press('f');
    await page.getByTestId('notices-status').filter({ hasText: 'Entwurf erstellt' }).waitFor();
    await expect.poll(focused, patiently).toBe('fillGap');
    expect(await page.locator('#notice-draft-title').textContent()).toContain('Nachforderung');

    // Discard, then undo, by keyboard.
    await page.getByRole('button', { name: 'Entwurf verwerfen' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused, patiently).toBe('undo');
    await page.keyboard.press('Enter');
    await expect.poll(focused, patiently).toBe('notice-draft-title');

    // The documents asked for are the one gap; then seal and send.
    await page.locator('[data-step="fillGap"]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Meldebescheinigung');
    await page.getByTestId('notice-gaps').getByText('Alle Angaben sind ausgefüllt.').waitFor();
    await page.locator('[data-step="seal"]').focus();
    await page.keyboard.press('Enter');
    const seal = page.getByTestId('seal-dialog');
    await seal.waitFor();
    await page.keyboard.press('Enter');
    await seal.waitFor({ state: 'detached' });
    await expect.poll(focused, patiently).toBe('send');
    await page.keyboard.press('Enter');
    // Delivered electronically, not printed: nothing is left to do here while the citizen answers.
    expect(await page.getByTestId('notice-delivery').getAttribute('data-state')).not.toBe('print');
    await expect.poll(focused, patiently).toBe('back');
  });
});
