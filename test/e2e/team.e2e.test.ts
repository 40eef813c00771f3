/**
 * Team work end to end in browser mode (Chromium), on one workstation: people sign in one after the other
 * (Anna and Jan, case workers of the Bürgerservice; Tom, its team lead). A case handed to a colleague with
 * a note appears in their inbox with a notification; an absent colleague's case is found in the "Vertretung"
 * filter and taken over; the team overview's numbers match the data. `openAs` is the one place that knows
 * how a person gets a desk, so the same steps can run against the department service with two browsers.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallResult } from '../../main/api/contract';
import { closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { createPlatformDeskApp, type PlatformDeskApp } from '../support/platform-desk-app';
import { expectAxeClean } from './sign-in-support';

const screenshotDir = resolve('.tmp/screenshots/team');
let desk: PlatformDeskApp;
let closeOpen: (() => Promise<void>) | null = null;

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  desk = await createPlatformDeskApp({ buergerservice: 4, seed: 5, user: 'anna.schmidt' });
  const synced = await desk.app.dispatch('sync.run', {}, { transport: 'http' });
  if (!synced.ok) throw new Error(`sync failed: ${synced.error.code}`);
});

afterAll(async () => {
  await closeOpen?.();
  await desk?.close();
  await closeSharedBrowser();
});

/** The desk of `user`: here, the workstation's one session switched to them and a fresh browser page. */
async function openAs(user: string): Promise<Page> {
  await closeOpen?.();
  await desk.signInAs(user);
  const launched = await launchBrowserMode(desk.app);
  closeOpen = launched.close;
  await launched.page.getByTestId('user').waitFor();
  return launched.page;
}

/** A call as the signed-in person, for checking what the page shows against the data. */
async function value<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
  const envelope = await desk.app.dispatch(name, input, { transport: 'http' });
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.code}`);
  return envelope.value as CallResult<N>;
}

async function openCase(page: Page, id: string) {
  // In the app, as a link would: the launch address carries the page's token.
  await page.evaluate(`window.location.hash = ${JSON.stringify(`#/case/${id}`)}`);
  await page.getByTestId('case-team').waitFor();
}

async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).getByRole('button').click();
  await page.getByRole('option', { name: option }).click();
}

let caseId = '';

describe('team work on one workstation', () => {
  it('Anna hands a case to Jan with a note; it is in his inbox and he is notified', async () => {
    const [first] = (await value('cases.list', { limit: 1, sort: { column: 'receivedAt', dir: 'asc' } }))
      .rows;
    if (!first) throw new Error('no case');
    caseId = first.id;
    const anna = await openAs('anna.schmidt');
    await openCase(anna, caseId);
    await anna.getByRole('button', { name: 'Übernehmen' }).click();
    await anna.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' }).waitFor();
    // Taking the case made Anna follow it.
    await anna.getByRole('button', { name: 'Nicht mehr beobachten' }).waitFor();
    await anna.getByRole('button', { name: 'An Kolleg:in weitergeben …' }).click();
    const dialog = anna.getByTestId('hand-dialog');
    await choose(anna, 'hand-colleague', 'Jan Koch');
    await dialog
      .getByLabel('Notiz für die Kollegin oder den Kollegen (optional)')
      .fill('Bitte Nachweis prüfen');
    await expectAxeClean(anna, 'hand dialog');
    await dialog.getByRole('button', { name: 'Weitergeben' }).click();
    await dialog.waitFor({ state: 'detached' });
    await anna.getByTestId('case-team-responsible').filter({ hasText: 'Jan Koch' }).waitFor();
    await anna.getByTestId('history').getByText('Weitergegeben an Jan Koch').waitFor();
    await expectAxeClean(anna, 'case view with its responsibility panel');
    await anna.screenshot({ path: `${screenshotDir}/handed.png`, fullPage: true });

    const jan = await openAs('jan.koch');
    await jan
      .getByTestId('team-notices')
      .filter({ hasText: 'Vorgang für Sie' })
      .filter({ hasText: 'Anna Schmidt hat Ihnen den Vorgang' })
      .waitFor();
    await choose(jan, 'filter-assignee', 'Mir zugewiesen');
    await jan.locator(`[data-testid="case-grid"] tbody tr[data-case-id="${caseId}"]`).waitFor();
    await openCase(jan, caseId);
    await jan.getByTestId('notes').getByText('Bitte Nachweis prüfen').waitFor();
  });

  it('Jan names Anna his deputy; she finds his case under "Vertretung" and takes it over', async () => {
    const jan = await openAs('jan.koch');
    await jan.getByRole('link', { name: 'Team' }).click();
    await jan.getByRole('heading', { name: 'Abwesenheit und Vertretung' }).waitFor();
    await choose(jan, 'absence-deputy', 'Anna Schmidt');
    await jan.getByRole('button', { name: 'Abwesenheit speichern' }).click();
    await jan
      .getByTestId('absence-list')
      .getByText(/Jan Koch: .* Vertretung Anna Schmidt/)
      .waitFor();
    await expectAxeClean(jan, 'team screen of a case worker');

    const anna = await openAs('anna.schmidt');
    await choose(anna, 'filter-assignee', 'Vertretung (abwesende Kolleg:innen)');
    const row = anna.locator(`[data-testid="case-grid"] tbody tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    await expect(anna.locator('[data-testid="case-grid"] tbody tr[data-case-id]').count()).resolves.toBe(1);
    await openCase(anna, caseId);
    await anna.getByRole('button', { name: 'In Vertretung für Jan Koch übernehmen' }).click();
    await anna.getByTestId('case-team-responsible').filter({ hasText: 'Anna Schmidt' }).waitFor();
    await anna.getByTestId('history').getByText('In Vertretung übernommen an Anna Schmidt').waitFor();
  });

  it('Tom’s team overview shows the numbers the cases have', async () => {
    const tom = await openAs('tom.becker');
    await tom.getByRole('link', { name: 'Team' }).click();
    const overview = tom.getByTestId('team-overview');
    await overview.getByText(/keine Rangfolge von Personen/).waitFor();
    await overview.getByTestId('overview-unassigned').waitFor();
    const open = ['new', 'in_review', 'accepted', 'inquiry', 'resubmission', 'handed_over'] as const;
    const unassigned = (await value('cases.list', { assignee: 'unassigned', status: [...open] })).total;
    const overdue = (await value('cases.list', { overdue: true })).total;
    const annas = (await value('cases.list', { assignee: 'anna.schmidt', status: [...open] })).total;
    expect(await overview.getByTestId('overview-unassigned').textContent()).toBe(String(unassigned));
    expect(await overview.getByTestId('overview-overdue').textContent()).toBe(String(overdue));
    expect(annas).toBe(1);
    await overview.getByTestId('overview-people').getByRole('row', { name: 'Anna Schmidt 1' }).waitFor();
    const services = await value('cases.services', {});
    for (const service of services) {
      const count = (await value('cases.list', { service: [service.identifier], status: [...open] })).total;
      if (count === 0) continue;
      await overview
        .getByTestId('overview-services')
        .getByRole('row', { name: `${service.name} ${count}` })
        .waitFor();
    }
    await expectAxeClean(tom, 'team screen with the overview');
    await tom.screenshot({ path: `${screenshotDir}/overview.png`, fullPage: true });
  });
});
