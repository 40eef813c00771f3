/**
 * Offline review end to end (issue 18's "Done when"): Anna's workstation in department mode (its renderer in
 * Chromium), the department service on a real PostgreSQL with two instances. Her case is kept in the
 * workstation's vault; the service she works with is stopped; she reads the case, adds a note, sets a
 * Wiedervorlage and drafts a notice; sealing is refused as needing the service. Meanwhile Tom, the team
 * lead, changes the same case on the other instance. The service comes back: her queued changes arrive, the
 * conflict is shown with both versions, and nothing she typed is lost.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../main/api/contract';
import { openPostgresStore } from '../../main/postgres';
import { departmentModeProfileOf } from '../../main/profile/department-mode';
import { BROWSER_SCOPE } from '../../main/server/browser-sessions';
import type { DepartmentService } from '../../main/server/service';
import { DEMO_API_AUDIENCE } from '../../platform/oidc/identity-provider';
import { createTestApp, type TestApp } from '../support/app';
import { accessToken, call, type ServiceTestBed, startServiceTestBed } from '../support/department-service';
import { closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import { TestBrowser } from '../support/oidc-browser';
import { postgresPerFile } from '../support/postgres';
import { attachmentIntake, sampleIntake } from '../support/vault-fixtures';
import { expectAxeClean } from './sign-in-support';

const screenshotDir = resolve('.tmp/screenshots/department-offline');
const postgres = postgresPerFile();
const NOTE = 'Offline: Mietvertrag geprüft, die Unterschrift der Vermieterin fehlt.';
const TOMS_NOTE = 'Bitte bis Freitag klären.';
const PDF = Buffer.from('%PDF-1.7\n% Mietvertrag\n%%EOF\n');
/** What the desk says of a change it only queued: not "Erledigt" or "gespeichert", which it is not yet. */
const QUEUED = 'Vorgemerkt: wird übertragen, sobald der Fachdienst erreichbar ist.';

let bed: ServiceTestBed;
let service: DepartmentService;
let other: DepartmentService;
let port: number;
let anna: string;
let tom: string;
let desk: TestApp;
let page: Page;
let closePage: () => Promise<void>;
let caseId = '';

async function asAnna(name: string, input: unknown): Promise<CaseView> {
  const answer = await call(service, name, input, { token: anna });
  if (!answer.body.ok) throw new Error(`${name}: ${answer.body.error?.code}`);
  return answer.body.value as CaseView;
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  bed = await startServiceTestBed(await postgres().database());
  service = await bed.start();
  other = await bed.start();
  port = Number(new URL(service.url).port);
  anna = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
  tom = await accessToken(bed.demo.identityProvider.url, 'tom.becker');

  // A case of the Bürgerservice with a PDF, claimed and accepted by Anna.
  const store = openPostgresStore({
    pool: bed.database.pool,
    department: 'buergerservice',
    masterKey: bed.masterKey,
  });
  const file = await store.attachments.write([PDF]);
  const intake = sampleIntake({
    department: 'buergerservice',
    attachments: [attachmentIntake(file, 'Mietvertrag.pdf')],
  });
  // The report as the subscriber writes it, which the case view shows.
  intake.submission.verificationReport = {
    passed: true,
    checks: [{ check: 'data.hash', passed: true, detail: 'The data matches its hash.' }],
  };
  ({ caseId } = await store.cases.storeIntake(intake));
  for (const action of ['claim', 'accept']) {
    const { case: row } = await asAnna('cases.get', { id: caseId });
    await asAnna('cases.transition', { id: caseId, action, expectedVersion: row.version });
  }

  // Anna's workstation, its profile naming the service (as IT hands it out).
  const browser = new TestBrowser();
  desk = await createTestApp({
    openBrowser: async (url) => {
      await browser.signIn(url, 'anna.schmidt', 'demo');
    },
  });
  const department = bed.demo.profiles.find((profile) => profile.department.id === 'buergerservice');
  if (!department) throw new Error('no Bürgerservice profile');
  const profileFile = join(desk.dir, 'arbeitsplatz.json');
  writeFileSync(
    profileFile,
    JSON.stringify(
      departmentModeProfileOf(department, { url: service.url, audience: DEMO_API_AUDIENCE }, BROWSER_SCOPE),
    ),
    { mode: 0o600 },
  );
  await desk.app.workstation.importProfile(profileFile);
  const signedIn = await desk.app.dispatch('session.signIn', {}, { transport: 'http' });
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.code}`);
  // Signed in, the replica catches up: her case, with its attachment, is kept in the vault.
  while (desk.app.vault.replica.caseIds()[0] !== caseId) await new Promise((done) => setTimeout(done, 100));

  const launched = await launchBrowserMode(desk.app);
  page = launched.page;
  closePage = launched.close;
  await page.getByTestId('user').waitFor();
}, 300_000);

afterAll(async () => {
  await closePage?.();
  await desk?.close();
  await closeSharedBrowser();
  await bed?.close();
  await bed?.database.drop();
});

async function openCase(): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(`#/case/${caseId}`)}`);
  // The panel shows once the case is loaded.
  await page.getByTestId('replica').waitFor();
}

describe('offline review in department mode', () => {
  it('keeps working on the case while the service is stopped, and shows the conflict with both versions when it is back', async () => {
    await openCase();
    await page.getByTestId('replica').getByText('liegt verschlüsselt auf diesem Arbeitsplatz').waitFor();

    await service.close();
    // The event stream breaks: the banner says since when.
    const banner = page.getByTestId('offline-banner').getByText(/^Offline seit \d\d:\d\d/);
    await banner.waitFor({ timeout: 30_000 });

    // She reads the case, from the vault: back to the inbox (her kept cases) and into the case again.
    await page.evaluate(`window.location.hash = '#/'`);
    await page.getByText('Jürgen Müller').first().waitFor();
    await openCase();
    await page.getByText('Mietvertrag.pdf').first().waitFor();

    // A note, by keyboard.
    await page.getByLabel('Neue Notiz').focus();
    await page.keyboard.type(NOTE);
    await page.getByRole('button', { name: 'Notiz hinzufügen' }).press('Enter');
    await page.getByTestId('notes').getByText(NOTE).waitFor();
    await page.getByTestId('notes').getByRole('status').getByText(QUEUED).waitFor();

    // A Wiedervorlage.
    await page.getByRole('button', { name: 'Wiedervorlage…' }).click();
    const dialog = page.getByTestId('resubmit-dialog');
    await dialog.getByRole('spinbutton').first().focus();
    await page.keyboard.type('20122026');
    await dialog.getByRole('button', { name: 'Wiedervorlage setzen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('case-outcome').getByText(QUEUED).waitFor();

    // A notice draft from the template the replica kept, its title changed by her.
    const notices = page.getByTestId('notices');
    await notices.getByRole('button', { name: /^Entwurf (neu )?erstellen$/ }).click();
    await notices.getByLabel('Betreff').fill('Bescheid über Ihren Antrag – offline geschrieben');
    await expect
      .poll(() => desk.app.vault.replica.queued().map((command) => command.action), { timeout: 15_000 })
      .toEqual(['note', 'followUp', 'noticeDraft']);
    await page.getByTestId('replica-queued').getByText('3 Änderungen warten').waitFor();
    // The panels that asked the service while it was gone say so (the Zuständigkeit, the notice preview).
    const connectionLost = page
      .getByRole('alert')
      .filter({ hasText: 'Verbindung zum Fachdienst unterbrochen' });
    await connectionLost.first().waitFor();
    await page.screenshot({ path: join(screenshotDir, '1-offline.png'), fullPage: true });
    await expectAxeClean(page, 'case view offline');

    // Meanwhile Tom adds a note on the other instance and gives the case to Jan.
    const { case: row } = await asOther('cases.get', { id: caseId });
    await asOther('cases.addNote', { id: caseId, text: TOMS_NOTE });
    await asOther('cases.transition', {
      id: caseId,
      action: 'reassign',
      expectedVersion: row.version,
      newAssignee: 'jan.koch',
    });

    // The service comes back: the stream reconnects, the queue is replayed, the conflict is shown.
    service = await bed.start({ port });
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    // Back: no panel keeps saying the connection is lost.
    await expect.poll(() => connectionLost.count(), { timeout: 30_000 }).toBe(0);
    const conflicts = page.getByTestId('replica-conflict');
    await expect.poll(() => conflicts.count(), { timeout: 30_000 }).toBe(3);
    const first = conflicts.first();
    await first.getByText('inzwischen einer anderen Person zugewiesen').waitFor();
    expect(await first.getByTestId('conflict-theirs').textContent()).toContain(NOTE);
    expect(await first.getByTestId('conflict-service').textContent()).toContain(TOMS_NOTE);
    expect(await conflicts.nth(1).getByTestId('conflict-theirs').textContent()).toContain('20.12.2026');
    expect(await conflicts.nth(2).getByTestId('conflict-theirs').textContent()).toContain(
      'offline geschrieben',
    );
    expect(await conflicts.nth(2).getByTestId('conflict-service').textContent()).not.toContain(
      'offline geschrieben',
    );
    // Nothing of hers reached the case while it was Jan's; all of it is still on her desk.
    const now = await asOther('cases.get', { id: caseId });
    expect(now.notes.map((note) => note.text)).toEqual([TOMS_NOTE]);
    await page.screenshot({ path: join(screenshotDir, '2-conflict.png'), fullPage: true });
    await expectAxeClean(page, 'case view with conflicts');

    // She takes her note over and closes that conflict by keyboard; the others stay.
    await first.getByRole('button', { name: 'Übernommen – Konflikt schließen' }).press('Enter');
    await expect.poll(() => conflicts.count()).toBe(2);
  }, 300_000);
});

async function asOther(name: string, input: unknown): Promise<CaseView> {
  const answer = await call(other, name, input, { token: tom });
  if (!answer.body.ok) throw new Error(`${name}: ${answer.body.error?.code}`);
  return answer.body.value as CaseView;
}
