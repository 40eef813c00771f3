/**
 * The desk against the local platform (browser mode, Chromium). The platform's sender has submitted
 * applications to the Bürgerservice and to the Ordnungsamt, encrypted, with PDF and PNG attachments; the vault
 * is empty until "Synchronisieren" pulls the Bürgerservice's. Then: filters and search over them, a case with
 * German labels and its attachments. Sync sends the technical receipt of each (the platform's event log holds
 * each accept exactly once, signed with the destination's key); the case worker's formal acceptance, refusal
 * and a bulk acceptance of 20 send nothing more.
 */

import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../main/api/contract';
import { callValue } from '../support/app';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { createPlatformDeskApp, type PlatformDeskApp } from '../support/platform-desk-app';

const BUERGERSERVICE = 26;
const ORDNUNGSAMT = 4;

let desk: PlatformDeskApp;
let launched: BrowserModeApp;
let page: Page;

beforeAll(async () => {
  desk = await createPlatformDeskApp({ buergerservice: BUERGERSERVICE, ordnungsamt: ORDNUNGSAMT, seed: 7 });
  launched = await launchBrowserMode(desk.app);
  page = launched.page;
  await page
    .getByTestId('result-count')
    .filter({ hasText: /Vorgänge$/ })
    .waitFor();
});

afterAll(async () => {
  await launched?.close();
  await desk?.close();
  await closeSharedBrowser();
});

const call = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(desk.app, name, input);

const count = async () => Number((await page.getByTestId('result-count').textContent())?.replace(/\D/g, ''));
const rows = () => page.getByTestId('case-grid').locator('tbody tr[data-case-id]');
/** Waits until the list has answered the latest query (the grid drops aria-busy). */
const settled = async () => {
  await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
  // The count follows the rows a moment later.
  await page.locator('[data-testid="result-count"][aria-busy="false"]').waitFor();
};
/** Back to the inbox's start: the open work, `open` cases. */
const resetFilters = async (open = BUERGERSERVICE) => {
  await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
  await page
    .getByTestId('result-count')
    .filter({ hasText: `${open} Vorgänge` })
    .waitFor();
  await settled();
};

async function chooseOptions(testId: string, names: (string | RegExp)[]) {
  await page.getByTestId(testId).getByRole('button').click();
  for (const name of names) await page.getByRole('option', { name }).click();
  await page.keyboard.press('Escape');
}

async function expectAxeClean(where: string) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const violations = result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target) }));
  expect({ where, violations }).toEqual({ where, violations: [] });
}

/** Opens the n-th case still "Neu" from the inbox and returns its id. */
async function openNewCase(n = 0): Promise<string> {
  await page.getByRole('link', { name: 'Posteingang', exact: true }).click();
  await settled();
  const row = rows().filter({ hasText: 'Neu' }).nth(n);
  const id = (await row.getAttribute('data-case-id')) ?? '';
  await row.locator('.cell-applicantName a').click();
  await page.getByTestId('case-facts').waitFor();
  return id;
}

/** The outbox count in the header says nothing is waiting and nothing failed. */
const outboxDrained = () =>
  page.getByTestId('outbox-button').filter({ hasText: 'Postausgang: 0 offen, 0 Fehler' }).waitFor();

/** The case as the vault has it, what the sender submitted for it, and the decisions the platform holds. */
async function onPlatform(caseId: string, expectedDecisions = 1) {
  const view = await call('cases.get', { id: caseId });
  const { fitCaseId } = view.case;
  return {
    view,
    submission: view.submissions[0],
    sent: desk.sent.buergerservice.find((sent) => sent.caseId === fitCaseId),
    decisions:
      expectedDecisions === 0
        ? await desk.decisions(fitCaseId)
        : await desk.deliveredDecisions(fitCaseId, expectedDecisions),
  };
}

describe('desk against the local platform (Chromium, browser mode)', () => {
  it('is empty until synced; sync shows exactly the Bürgerservice applications, verified', async () => {
    expect(await page.getByTestId('result-count').textContent()).toBe('0 Vorgänge');
    expect(await page.locator('.empty').textContent()).toBe('Keine offenen Vorgänge im Posteingang.');
    expect(await page.getByTestId('sync').locator('.sync-last').textContent()).toBe(
      'Noch nicht synchronisiert',
    );

    await page.getByRole('button', { name: 'Synchronisieren' }).click();
    await page
      .getByTestId('sync')
      .getByRole('status')
      .filter({ hasText: `Synchronisierung abgeschlossen: ${BUERGERSERVICE} abgerufen, 0 fehlgeschlagen.` })
      .waitFor();
    expect(await page.getByTestId('sync').getByRole('progressbar').count()).toBe(0);
    expect(await page.getByTestId('sync').locator('.sync-last').textContent()).toMatch(/^Zuletzt: /);
    // The Ordnungsamt's applications went to its own destination: none of them is here.
    await page
      .getByTestId('result-count')
      .filter({ hasText: `${BUERGERSERVICE} Vorgänge` })
      .waitFor();
    await settled();
    const verification = await rows().locator('.cell-verification').allTextContents();
    expect(verification.length).toBeGreaterThan(5);
    for (const text of verification) expect(text).toBe('bestanden');
    await expectAxeClean('inbox after sync');

    // A second sync finds nothing new.
    await page.getByRole('button', { name: 'Synchronisieren' }).click();
    await page
      .getByTestId('sync')
      .getByRole('status')
      .filter({ hasText: 'Synchronisierung abgeschlossen: 0 abgerufen, 0 fehlgeschlagen.' })
      .waitFor();
    expect(await count()).toBe(BUERGERSERVICE);
  });

  it('filters by service and status, and searches by applicant', async () => {
    await page.getByTestId('filter-service').getByRole('button').click();
    const label = (await page.getByRole('option').first().textContent()) ?? '';
    await page.getByRole('option').first().click();
    await page.keyboard.press('Escape');
    const service = label.replace(/\s*\(\d+\)$/, '');
    const sentOfService = desk.sent.buergerservice.filter(
      (sent) => sent.metadata.publicServiceType?.name === service,
    ).length;
    expect(sentOfService).toBeGreaterThan(0);
    expect(label).toBe(`${service} (${sentOfService})`);
    await page
      .getByTestId('result-count')
      .filter({ hasText: `${sentOfService} Vorg` })
      .waitFor();
    await settled();
    for (const shown of await rows().locator('.cell-serviceName').allTextContents())
      expect(shown).toBe(service);
    await resetFilters();

    await chooseOptions('filter-status', ['In Prüfung']);
    await page.getByText('Keine Vorgänge passen zu diesem Filter.').waitFor();
    await resetFilters();

    const name = (await rows().nth(3).locator('.cell-applicantName').textContent()) ?? '';
    const word = name.split(' ').at(-1) ?? name;
    await page.getByTestId('search').fill(word);
    await page
      .getByTestId('result-count')
      .filter({ hasNotText: `${BUERGERSERVICE} Vorgänge` })
      .waitFor();
    await settled();
    const found = await count();
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(BUERGERSERVICE);
    // The word may also stand in another case's form data (a landlord, an account holder), so only the
    // applicant it came from is certain to be found.
    expect(await rows().locator('.cell-applicantName').allTextContents()).toContain(name);
    await page.getByTestId('search').fill('');
    await page
      .getByTestId('result-count')
      .filter({ hasText: `${BUERGERSERVICE} Vorgänge` })
      .waitFor();
  });

  it('a case shows German labels, its verification report and its attachments; a PDF is shown', async () => {
    const id = await openNewCase();
    const facts = await page.getByTestId('case-facts').locator('dt').allTextContents();
    expect(facts).toEqual(
      expect.arrayContaining(['Leistung', 'Aktenzeichen', 'Eingang', 'Status', 'Frist', 'Vorgangs-ID']),
    );
    const verification = page.getByTestId('verification');
    expect(await verification.getByRole('heading', { level: 2 }).textContent()).toBe('Prüfbericht');
    expect(await verification.locator('summary').first().textContent()).toMatch(
      /^Alle \d+ Prüfungen bestanden$/,
    );
    const checks = await verification.locator('li.check .check-name').allTextContents();
    expect(checks).toContain('Metadaten entschlüsselt');
    expect(checks).toContain('Signaturen des Event-Logs gültig');
    // Every check of a real intake has a German name (no check id shows through).
    for (const check of checks) expect(check).not.toMatch(/^[a-z-]+\.[a-z-]+/);
    const history = await page.getByTestId('history').locator('tbody td:nth-child(3)').allTextContents();
    // Received, and its technical receipt sent right after verification.
    expect(history).toEqual(
      expect.arrayContaining(['Über FIT-Connect eingegangen', 'Annahme an FIT-Connect übermittelt']),
    );

    const form = page.getByTestId('form-data').first();
    await form.getByRole('tab', { name: 'Formular' }).waitFor();
    const labels = await form.locator('dt').allTextContents();
    expect(labels.length).toBeGreaterThan(3);
    expect(labels.every((label) => /^[A-ZÄÖÜ0-9]/.test(label))).toBe(true);

    // Every attachment the sender submitted, with its German purpose and size.
    const { sent } = await onPlatform(id, 0);
    const attachments = page.getByTestId('attachment-row');
    expect(await attachments.count()).toBe(sent?.attachmentIds.length);
    const purposes = await attachments.locator('td:nth-child(2)').allTextContents();
    expect(purposes).toContain('Formular');
    for (const purpose of purposes) expect(purpose).toMatch(/^(Formular|Anlage|Bericht)$/);
    for (const size of await attachments.locator('td:nth-child(4)').allTextContents())
      expect(size).toMatch(/^\d+(,\d)? (Byte|kB|MB)$/);

    await page
      .getByRole('button', { name: /\.pdf anzeigen$/ })
      .first()
      .click();
    await page.locator('.pdf-page[data-rendered="true"]').waitFor();
    expect(await page.locator('.textLayer span').count()).toBeGreaterThan(0);
    await expectAxeClean('synced case with its PDF');
  });

  it('the receipt reached the platform at sync, before anyone opened the case; the formal acceptance sends nothing', async () => {
    const id = await openNewCase();
    const before = await onPlatform(id);
    expect(before.decisions).toHaveLength(1);
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
    await page.getByRole('button', { name: 'Formell annehmen' }).click();
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Formell annehmen.' }).waitFor();
    await outboxDrained();

    const { decisions, view, submission, sent } = await onPlatform(id);
    expect(decisions).toHaveLength(1);
    const [accept] = decisions;
    expect(accept?.claims.event).toBe('accept-submission');
    expect(accept?.claims.issuer).toBe(view.case.destinationId);
    expect(accept?.claims.submissionId).toBe(submission?.submissionId);
    expect(accept?.claims.caseId).toBe(view.case.fitCaseId);
    // The tags name exactly the attachments the sender submitted.
    const tags = accept?.claims.payload.authenticationTags;
    expect(Object.keys(tags?.attachments ?? {}).sort()).toEqual([...(sent?.attachmentIds ?? [])].sort());
    expect(tags?.metadata).toMatch(/^[\w-]+$/);
    // The delivery is in the case's history.
    await page.getByTestId('history').getByText('Annahme an FIT-Connect übermittelt').waitFor();
  });

  it('a formal refusal sends nothing to FIT-Connect; the dialog says a refusal on the merits is an Ablehnungsbescheid', async () => {
    const id = await openNewCase();
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
    await page.getByRole('button', { name: 'Ablehnen…' }).click();
    const dialog = page.getByTestId('reject-dialog');
    expect(await dialog.textContent()).toContain('sendet kein FIT-Connect-Ereignis');
    expect(await dialog.textContent()).toContain('Ablehnungsbescheid');
    expect(await dialog.getByTestId('reject-problem').count()).toBe(0);
    await expectAxeClean('formal reject dialog');
    await dialog.getByRole('textbox', { name: 'Grund der Ablehnung (für die Akte)' }).fill('Unzuständig.');
    await dialog.getByRole('button', { name: 'Ablehnen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Ablehnen.' }).waitFor();
    expect(await page.getByTestId('case-facts').locator('.status-badge').textContent()).toBe('Abgelehnt');
    await outboxDrained();

    const { decisions } = await onPlatform(id);
    expect(decisions.map((decision) => decision.claims.event)).toEqual(['accept-submission']);
  });

  it('bulk: claims and accepts 20 cases formally; the platform holds exactly the one receipt of each', async () => {
    await page.getByRole('link', { name: 'Posteingang', exact: true }).click();
    await chooseOptions('filter-status', ['Neu']);
    await page
      .getByTestId('result-count')
      .filter({ hasText: `${BUERGERSERVICE - 2} Vorgänge` })
      .waitFor();
    await settled();
    const grid = page.getByTestId('case-grid');
    const bar = page.getByTestId('bulk-bar');
    const selectTwenty = async () => {
      await grid.focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('x');
      for (let i = 0; i < 19; i++) await page.keyboard.press('Shift+ArrowDown');
      expect(await bar.locator('.bulk-count').textContent()).toBe('20 ausgewählt');
    };
    await selectTwenty();
    await bar.getByRole('button', { name: 'Übernehmen (20)' }).click();
    await page
      .getByTestId('inbox-outcome')
      .filter({ hasText: 'Übernehmen: 20 Vorgänge erledigt.' })
      .waitFor();

    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await chooseOptions('filter-status', ['In Prüfung']);
    await page.getByTestId('filter-assignee').getByRole('button').click();
    await page.getByRole('option', { name: 'Mir zugewiesen' }).click();
    await page.getByTestId('result-count').filter({ hasText: '20 Vorgänge' }).waitFor();
    await settled();
    await selectTwenty();
    await bar.getByRole('button', { name: 'Formell annehmen (20)' }).click();
    await page
      .getByTestId('inbox-outcome')
      .filter({ hasText: 'Formell annehmen: 20 Vorgänge erledigt.' })
      .waitFor();
    await outboxDrained();
    // The inbox opens on open work: the case rejected before is behind "Erledigte anzeigen".
    await resetFilters(BUERGERSERVICE - 1);
    await page.getByTestId('filter-finished').click();
    await page
      .getByTestId('result-count')
      .filter({ hasText: `${BUERGERSERVICE} Vorgänge` })
      .waitFor();
    await resetFilters(BUERGERSERVICE - 1);

    // The vault's formally accepted cases: these 20 and the one accepted alone before.
    const accepted = await call('cases.list', { status: ['accepted'], limit: 100 });
    expect(accepted.total).toBe(21);
    // Every case of the department holds exactly its receipt, whatever the case worker did since.
    const all = await call('cases.list', { limit: 100 });
    expect(all.total).toBe(BUERGERSERVICE);
    for (const row of all.rows) {
      const { decisions, view } = await onPlatform(row.id);
      expect(decisions.map((decision) => decision.claims.event)).toEqual(['accept-submission']);
      expect(decisions[0]?.claims.issuer).toBe(view.case.destinationId);
    }
  });

  it("the Ordnungsamt's applications reach only the Ordnungsamt: lea.wagner's sync brings exactly those", async () => {
    await desk.signInAs('lea.wagner');
    await page.getByText('Lea Wagner').first().waitFor();
    await page.getByTestId('result-count').filter({ hasText: '0 Vorgänge' }).waitFor();
    await page.getByRole('button', { name: 'Synchronisieren' }).click();
    await page
      .getByTestId('sync')
      .getByRole('status')
      .filter({ hasText: `Synchronisierung abgeschlossen: ${ORDNUNGSAMT} abgerufen, 0 fehlgeschlagen.` })
      .waitFor();
    await page
      .getByTestId('result-count')
      .filter({ hasText: `${ORDNUNGSAMT} Vorgänge` })
      .waitFor();
    const fitCaseIds = [];
    for (const row of (await call('cases.list', { limit: 100 })).rows)
      fitCaseIds.push((await call('cases.get', { id: row.id })).case.fitCaseId);
    expect(fitCaseIds.sort()).toEqual(desk.sent.ordnungsamt.map((sent) => sent.caseId).sort());
  });
});
