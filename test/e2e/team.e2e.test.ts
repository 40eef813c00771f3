/**
 * Team work end to end in browser mode (Chromium), in both modes. On one workstation, people sign in one
 * after the other (Anna and Jan, case workers of the Bürgerservice; Tom, its team lead). In department mode,
 * each person has their own workstation (in department mode, its own browser session) against one department
 * service on PostgreSQL, all open at once: a claim race has one winner and the other desk shows who, live.
 * In both: a case handed to a colleague with a note appears in their inbox with a notification; an absent
 * colleague's case is found in the "Vertretung" filter and taken over; the team overview's numbers match the
 * data. `Desks` is the one place that knows how a person gets a desk.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallResult } from '../../main/api/contract';
import type { AntragsdeskApp } from '../../main/app/create-app';
import { departmentModeProfileOf } from '../../main/profile/department-mode';
import { BROWSER_SCOPE } from '../../main/server/browser-sessions';
import { DEMO_API_AUDIENCE } from '../../platform/oidc/identity-provider';
import { callValue, createTestApp } from '../support/app';
import { startServiceTestBed } from '../support/department-service';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode, rendererDir } from '../support/e2e';
import { TestBrowser } from '../support/oidc-browser';
import { createPlatformDeskApp } from '../support/platform-desk-app';
import { postgresPerFile } from '../support/postgres';
import { expectAxeClean } from './sign-in-support';

const screenshotDir = resolve('.tmp/screenshots/team');
const postgres = postgresPerFile();

interface Desks {
  /** The desk of `user`, signed in. */
  openAs(user: string): Promise<Page>;
  /** A call as the person whose desk was opened last, for checking what the page shows against the data. */
  value<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  close(): Promise<void>;
}

/** One workstation on its own vault: the one session switched to each person, a fresh page each time. */
async function workstationDesks(): Promise<Desks> {
  const desk = await createPlatformDeskApp({ buergerservice: 4, seed: 5, user: 'anna.schmidt' });
  await callValue(desk.app, 'sync.run', {});
  let closeOpen: (() => Promise<void>) | null = null;
  return {
    async openAs(user) {
      await closeOpen?.();
      await desk.signInAs(user);
      const launched = await launchBrowserMode(desk.app);
      closeOpen = launched.close;
      await launched.page.getByTestId('user').waitFor();
      return launched.page;
    },
    value: (name, input) => callValue(desk.app, name, input),
    async close() {
      await closeOpen?.();
      await desk.close();
    },
  };
}

/**
 * One department service on PostgreSQL with the demo's applications; each person's own workstation in
 * department mode (a department-mode profile naming the service, the person signed in at the identity
 * provider with the service's audience) served to its own browser session, all kept open.
 */
async function departmentDesks(): Promise<Desks> {
  const database = await postgres().database();
  const bed = await startServiceTestBed(database, { seedCount: 4, rendererDir });
  const service = await bed.start();
  const buergerservice = bed.demo.profiles.find((profile) => profile.department.id === 'buergerservice');
  if (!buergerservice) throw new Error('the demo has no Bürgerservice');
  const profile = departmentModeProfileOf(
    buergerservice,
    { url: service.url, audience: DEMO_API_AUDIENCE },
    BROWSER_SCOPE,
  );
  const open = new Map<string, { launched: BrowserModeApp; close(): Promise<void> }>();
  let last: AntragsdeskApp | null = null;
  const deskOf = async (user: string) => {
    const known = open.get(user);
    if (known) return known.launched;
    const browser = new TestBrowser();
    const workstation = await createTestApp({
      openBrowser: async (url) => {
        await browser.signIn(url, user, 'demo');
      },
    });
    await workstation.app.workstation.importProfile(profile);
    await callValue(workstation.app, 'session.signIn', {});
    const launched = await launchBrowserMode(workstation.app);
    open.set(user, {
      launched,
      close: async () => {
        await launched.close();
        await workstation.close();
      },
    });
    await launched.page.getByTestId('user').waitFor();
    return launched;
  };
  // The team is at work: each has called the service, which knows colleagues by name once they did.
  for (const user of ['jan.koch', 'tom.becker', 'anna.schmidt']) last = (await deskOf(user)).app;
  // The service's intake brings the applications in before anyone looks.
  if (last) await callValue(last, 'sync.run', {});
  return {
    async openAs(user) {
      const launched = await deskOf(user);
      last = launched.app;
      // Back at the inbox, where a desk opened on one workstation starts.
      await launched.page.evaluate(`window.location.hash = '#/'`);
      await launched.page.getByTestId('result-count').waitFor();
      return launched.page;
    },
    value: (name, input) => {
      if (!last) throw new Error('no desk is open');
      return callValue(last, name, input);
    },
    async close() {
      for (const desk of open.values()) await desk.close();
      await bed.close();
      await database.drop();
    },
  };
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

describe.each(['workstation', 'department'] as const)('team work (%s mode)', (mode) => {
  let desks: Desks;
  let caseId = '';
  const openAs = (user: string) => desks.openAs(user);
  const value = <N extends CallName>(name: N, input: CallInput<N>) => desks.value(name, input);

  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    desks = mode === 'workstation' ? await workstationDesks() : await departmentDesks();
  }, 300_000);

  afterAll(async () => {
    await desks?.close();
  });

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
    await anna.screenshot({ path: `${screenshotDir}/${mode}-handed.png`, fullPage: true });

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
    await tom.screenshot({ path: `${screenshotDir}/${mode}-overview.png`, fullPage: true });
  });

  if (mode === 'department') {
    it('a claim race between two desks: exactly one wins, and the other desk shows who', async () => {
      const open = await value('cases.list', { assignee: 'unassigned', status: ['new'], limit: 1 });
      const target = open.rows[0];
      if (!target) throw new Error('no unassigned case is left for the race');
      const anna = await openAs('anna.schmidt');
      const jan = await openAs('jan.koch');
      // Both look at the case and follow it: a case worker sees a colleague's case only while following it
      // (or covering for them), so the one who loses still sees the case and who has it.
      for (const page of [anna, jan]) {
        await openCase(page, target.id);
        await page.getByRole('button', { name: 'Beobachten', exact: true }).click();
        await page.getByRole('button', { name: 'Nicht mehr beobachten' }).waitFor();
      }
      const claim = (page: Page) => page.getByRole('button', { name: 'Übernehmen', exact: true }).click();
      await Promise.all([claim(anna), claim(jan)]);
      // Each desk says how its claim ended: done, or refused because the case changed meanwhile.
      const outcome = async (page: Page) => {
        const won = page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Übernehmen.' });
        // The error region is always there; a refusal fills it.
        const refused = page.getByRole('alert').filter({ hasText: /\S/ });
        await won.or(refused).first().waitFor();
        return (await won.count()) > 0 ? 'won' : 'lost';
      };
      const results = [await outcome(anna), await outcome(jan)];
      expect(results.filter((result) => result === 'won')).toHaveLength(1);
      const winner = results[0] === 'won' ? 'Anna Schmidt' : 'Jan Koch';
      const loser = results[0] === 'won' ? jan : anna;
      // The other desk learns who through the service's event stream, without reloading.
      await loser.getByTestId('case-team-responsible').filter({ hasText: winner }).waitFor();
      const row = await value('cases.get', { id: target.id });
      expect(row.case.assignee).toBe(winner === 'Anna Schmidt' ? 'anna.schmidt' : 'jan.koch');
      await loser.screenshot({ path: `${screenshotDir}/department-race-lost.png`, fullPage: true });
    });
  }
});

afterAll(async () => {
  await closeSharedBrowser();
});
