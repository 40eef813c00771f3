/**
 * The standard path for one application, keyboard only, counted: open it from the inbox → check the
 * verification → accept → hand over → draft and seal the Bescheid → send it → archive. Every key press that
 * does something counts as one action; the path must take at most 12 and retype nothing the case or the
 * profile holds (the Bescheid's draft has no gap left to fill). After each step focus is on the next step's
 * control, so Enter alone would carry on too. Against the local platform, in browser mode. Until the demo
 * profile carries a fee table (#14 item 4) the Bescheid's fee is typed in; those key presses are counted apart.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { createPlatformDeskApp } from '../support/platform-desk-app';

afterAll(closeSharedBrowser);

const MAX_ACTIONS = 12;

/** Whether the demo department's profile sets fees (its Gebührenordnung), so a Bescheid needs no typing. */
const feeTable = (
  JSON.parse(readFileSync('assets/profiles/demo-buergerservice.json', 'utf8')) as {
    services: { fee?: unknown }[];
  }
).services.some((service) => service.fee !== undefined);

/**
 * Until focus is on that step's control: waits on the page's state (the control may come late on a busy
 * machine), bounded only by the test's own timeout.
 */
const focusOn = (page: Page, step: string) =>
  page.waitForFunction(
    (wanted) => {
      type Focused = { getAttribute(name: string): string | null } | null;
      const active = (globalThis as unknown as { document: { activeElement: Focused } }).document
        .activeElement;
      return active?.getAttribute('data-step') === wanted;
    },
    step,
    { timeout: 0 },
  );

describe('the standard path, keyboard only (Chromium, browser mode)', () => {
  it(`open → verification → accept → hand over → Bescheid sealed → sent → archived in ≤ ${MAX_ACTIONS} actions`, async () => {
    // A service with a fee in the demo Gebührenordnung (the profile sets none for a Wohnsitzanmeldung, which
    // is free of charge), so the approval has a fee to fill in from the profile.
    const desk = await createPlatformDeskApp({
      buergerservice: 1,
      // This seed's applicant chose the BundID mailbox, so the Bescheid is delivered, not printed.
      seed: 6,
      buergerserviceServices: ['meldebescheinigung'],
    });
    const { page, close } = await launchBrowserMode(desk.app);
    const actions: string[] = [];
    /** One action: a key press that does something the person wants. */
    const act = async (key: string) => {
      actions.push(key);
      await page.keyboard.press(key);
    };
    const outcome = (text: string) => page.getByTestId('case-outcome').filter({ hasText: text }).waitFor();
    try {
      // Not part of the path: the application arrives.
      await page.getByTestId('result-count').filter({ hasText: '0 Vorgänge' }).waitFor();
      await page.keyboard.press('s');
      await page.getByTestId('result-count').filter({ hasText: '1 Vorgang' }).waitFor();

      // Open: into the list, then Enter.
      await act('j');
      await act('Enter');
      await page.getByTestId('case-facts').waitFor();

      // Check the verification: one line, focused, says it plainly.
      await act('v');
      await focusOn(page, 'verification');
      expect(await page.locator('*:focus').textContent()).toMatch(/^Alle \d+ Prüfungen bestanden$/);

      // Accept (claiming first), then hand over: after each step focus is on the next one.
      await act('c');
      await outcome('Erledigt: Übernehmen.');
      await focusOn(page, 'accept');
      await act('Enter');
      await outcome('Erledigt: Formell annehmen.');
      await focusOn(page, 'handOver');
      await act('Enter');
      const handover = page.getByTestId('handover-dialog');
      await handover.getByTestId('handover-fields').waitFor();
      await act('Enter');
      await handover.waitFor({ state: 'detached' });
      // The hand-over is on its way (the case says "übergeben" once the Fachverfahren has it, which may
      // already have moved the case on past the outcome line).
      await page.getByTestId('receipt-handover').waitFor();

      // The Bescheid: drafted from the case and the profile with nothing left to fill, sealed, sent.
      await focusOn(page, 'compose');
      await act('Enter');
      const gaps = page.getByTestId('notice-gaps');
      await gaps.waitFor();
      // Whatever the draft could not fill from the case or the profile would have to be typed in.
      const retyped = await gaps.locator('li').allTextContents();
      let gapActions = 0;
      for (let n = 0; n < 20 && (await page.locator('[data-step="fillGap"]').count()) > 0; n++) {
        await page.locator('[data-step="fillGap"]').focus();
        await act('Enter');
        gapActions++;
        await page.keyboard.type('1');
        await page.waitForTimeout(100);
      }
      await gaps.getByText('Alle Angaben sind ausgefüllt.').waitFor();
      await page.locator('[data-step="seal"]').focus();
      await focusOn(page, 'seal');
      await act('Enter');
      const seal = page.getByTestId('seal-dialog');
      await seal.waitFor();
      await act('Enter');
      await seal.waitFor({ state: 'detached' });
      await page.getByTestId('notices-status').filter({ hasText: 'Version 1 gesiegelt.' }).waitFor();
      await focusOn(page, 'send');
      await act('Enter');
      const delivery = page.getByTestId('notice-delivery');
      await delivery.waitFor();
      await page.locator('[data-testid="notice-delivery"][data-state="delivered"]').waitFor();

      // Archive, offered once the BundID mailbox has the Bescheid: focus waits on the delivery, then goes there.
      await page.locator('[data-step="archive"]').waitFor();
      await focusOn(page, 'archive');
      await act('Enter');
      await page
        .getByTestId('receipts')
        .getByText(/archiv/i)
        .first()
        .waitFor();

      console.log(`standard path: ${actions.length} actions (${actions.join(' ')}), retyped: ${retyped}`);
      if (feeTable) expect(retyped).toEqual([]);
      else console.log("the Bescheid's fee is typed: the demo profile has no fee table yet (#14 item 4)");
      // Typing into gaps is retyping, not a step of the path.
      expect(actions.length - gapActions).toBeLessThanOrEqual(MAX_ACTIONS);
    } finally {
      await close();
      await desk.close();
    }
  });
});
