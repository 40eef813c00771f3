/**
 * Two workstations against the department service (Chromium): one PostgreSQL cluster, two instances of the
 * service on it, the local platform with the demo's applications, and two people of the Bürgerservice each
 * signed in at their own instance through the service's sign-in page (authorization code with PKCE). Both
 * see the same inbox; a claim by one shows at the other through the event stream; the Aktenzeichen come
 * from one sequence; the technical receipt and the hand-over reach the platform and the Fachverfahren once.
 *
 * The applications come in through the intake: on every instance it tries to hold each destination (an
 * advisory lock), the holder syncs; "Synchronisieren" at either instance wakes the holder.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SenderClient } from '../../main/fitconnect/sender/client';
import { decodeSet } from '../../main/fitconnect/set';
import type { DepartmentService } from '../../main/server/service';
import { accessToken, call, type ServiceTestBed, startServiceTestBed } from '../support/department-service';
import { closeSharedBrowser, rendererDir, sharedBrowser } from '../support/e2e';
import { postgresPerFile } from '../support/postgres';

const postgres = postgresPerFile();
const shots = resolve('.tmp/screenshots');
let bed: ServiceTestBed;
let first: DepartmentService;
let second: DepartmentService;
let browser: Browser;
const contexts: BrowserContext[] = [];
let anna: Page;
let tom: Page;
let fetched = 0;

/** Signs `user` in at the service's address as a person would: its sign-in page, the provider's form. */
async function signIn(service: DepartmentService, user: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(service.url);
  await page.getByLabel('Benutzername').fill(user);
  await page.getByLabel('Passwort').fill('demo');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByTestId('result-count').waitFor();
  return page;
}

const rows = (page: Page) => page.getByTestId('case-grid').locator('tbody tr[data-case-id]');
const settled = (page: Page) => page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
const shownIds = async (page: Page) =>
  (
    await rows(page).evaluateAll((found) => found.map((row) => row.getAttribute('data-case-id') ?? ''))
  ).sort();

beforeAll(async () => {
  bed = await startServiceTestBed(await postgres().database(), { seedCount: 6, rendererDir });
  first = await bed.start();
  second = await bed.start();
  browser = await sharedBrowser();
  anna = await signIn(first, 'anna.schmidt');
  tom = await signIn(second, 'tom.becker');
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await closeSharedBrowser();
  await bed?.close();
  await bed?.database.drop();
});

describe('two workstations, two instances, one department', () => {
  it('signs each person in at their instance; the page never holds a token', async () => {
    await anna.getByText('Anna Schmidt').first().waitFor();
    await tom.getByText('Tom Becker').first().waitFor();
    const cookies = await anna.context().cookies();
    const session = cookies.find((cookie) => cookie.name === '__Host-antragsdesk-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    // Nothing a script in the page could read names a token.
    type InPage = { document: { cookie: string }; sessionStorage: object; localStorage: object };
    const readable = await anna.evaluate(() => {
      const page = globalThis as unknown as InPage;
      return JSON.stringify([page.document.cookie, page.sessionStorage, page.localStorage]);
    });
    expect(readable).toBe('["",{},{}]');
  });

  it("the department's intake brings the applications in once; both people see the same inbox", async () => {
    // The holder of each destination syncs at its start; "Synchronisieren" wakes it (on whichever instance).
    const sync = async () => {
      await anna.getByRole('button', { name: 'Synchronisieren' }).click();
      const done = anna
        .getByTestId('sync')
        .getByRole('status')
        .filter({ hasText: /Synchronisierung abgeschlossen: \d+ abgerufen, 0 fehlgeschlagen\./ });
      await done.waitFor();
      return Number(/(\d+) abgerufen/.exec((await done.textContent()) ?? '')?.[1]);
    };
    await sync();
    const token = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    const total = async () =>
      ((await call(first, 'cases.list', { limit: 1 }, { token })).body.value as { total: number }).total;
    fetched = await total();
    expect(fetched).toBeGreaterThan(0);
    // Nothing is fetched twice.
    expect(await sync()).toBe(0);
    expect(await total()).toBe(fetched);
    for (const page of [anna, tom]) {
      await page
        .getByTestId('result-count')
        .filter({ hasText: `${fetched} Vorgänge` })
        .waitFor();
      await settled(page);
    }
    expect(await shownIds(tom)).toEqual(await shownIds(anna));
  });

  it('a claim by one is shown to the other through the event stream', async () => {
    const row = rows(anna).filter({ hasText: 'Neu' }).first();
    const id = (await row.getAttribute('data-case-id')) ?? '';
    await row.locator('.cell-applicantName a').click();
    await anna.getByTestId('case-facts').waitFor();
    await anna.getByRole('button', { name: 'Übernehmen', exact: true }).click();
    await anna.getByTestId('case-facts').filter({ hasText: 'In Prüfung' }).waitFor();
    // Tom did nothing: his inbox row changes because the change came through his instance's stream.
    await tom.locator(`tr[data-case-id="${id}"]`).filter({ hasText: 'In Prüfung' }).waitFor();
    await tom.locator(`tr[data-case-id="${id}"]`).filter({ hasText: 'Anna Schmidt' }).waitFor();
    await mkdir(shots, { recursive: true });
    await anna.screenshot({ path: resolve(shots, 'department-anna-case.png') });
    await tom.screenshot({ path: resolve(shots, 'department-tom-inbox.png') });
  });

  it('gives every case one Aktenzeichen from one sequence, whichever instance assigns it', async () => {
    const tokens = {
      anna: await accessToken(bed.demo.identityProvider.url, 'anna.schmidt'),
      tom: await accessToken(bed.demo.identityProvider.url, 'tom.becker'),
    };
    const list = await call(first, 'cases.list', { status: ['new'], limit: 500 }, { token: tokens.anna });
    const open = (list.body.value as { rows: { id: string; version: number }[] }).rows;
    // Claimed at the same time, in turn through both instances by both people.
    await Promise.all(
      open.map((row, index) =>
        call(
          index % 2 === 0 ? first : second,
          'cases.transition',
          { id: row.id, action: 'claim', expectedVersion: row.version },
          { token: index % 2 === 0 ? tokens.anna : tokens.tom },
        ),
      ),
    );
    const all = await call(second, 'cases.list', { limit: 500 }, { token: tokens.tom });
    const references = (all.body.value as { rows: { fileReference: string | null }[] }).rows.map(
      (row) => row.fileReference,
    );
    expect(references).toHaveLength(fetched);
    expect(references.every((reference) => reference !== null)).toBe(true);
    expect(new Set(references).size).toBe(fetched);
  });

  it('delivers the technical receipt and the hand-over once, though both instances run outbox workers', async () => {
    const token = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
    const mine = await call(first, 'cases.list', { assignee: 'me', limit: 500 }, { token });
    const [target] = (mine.body.value as { rows: { id: string; version: number }[] }).rows;
    if (!target) throw new Error('Anna holds no case');
    const view = await call(first, 'cases.get', { id: target.id }, { token });
    const { fitCaseId } = (view.body.value as { case: { fitCaseId: string } }).case;
    const accepted = await call(
      first,
      'cases.transition',
      { id: target.id, action: 'accept', expectedVersion: target.version },
      { token },
    );
    expect(accepted.body.ok).toBe(true);
    const handedOver = await call(
      second,
      'cases.transition',
      {
        id: target.id,
        action: 'handOver',
        expectedVersion: (accepted.body.value as { version: number }).version,
      },
      { token },
    );
    expect(handedOver.body).toMatchObject({ ok: true });
    await drained(token);

    const { platform } = bed.demo;
    const sender = new SenderClient({
      baseUrl: platform.url,
      tokenUrl: platform.tokenUrl,
      clientId: platform.demo.sender.clientId,
      clientSecret: platform.demo.sender.clientSecret,
    });
    const events = (await sender.caseEvents(fitCaseId)).map((set) => decodeSet(set).claims.event);
    expect(events.filter((event) => event === 'accept-submission')).toHaveLength(1);

    const folder = bed.handoverDir('buergerservice');
    const manifests = await Promise.all(
      (await readdir(folder)).map((entry) =>
        readFile(join(folder, entry, 'manifest.json'), 'utf8').catch(() => ''),
      ),
    );
    expect(manifests.filter((manifest) => manifest.includes(target.id))).toHaveLength(1);
  });

  it('signing out ends the browser session; signing in again asks for the password at the provider', async () => {
    await tom.getByRole('button', { name: 'Abmelden' }).click();
    // The provider's form, though its own session of Tom is still alive: every sign-in asks.
    await tom.getByLabel('Benutzername').waitFor();
    expect((await tom.context().cookies()).map((cookie) => cookie.name)).not.toContain(
      '__Host-antragsdesk-session',
    );
    await tom.getByLabel('Benutzername').fill('tom.becker');
    await tom.getByLabel('Passwort').fill('demo');
    await tom.getByRole('button', { name: 'Anmelden' }).click();
    await tom.getByTestId('result-count').waitFor();
    await tom.getByText('Tom Becker').first().waitFor();
  });
});

/** Until the department's outbox holds nothing pending or in flight (the items' own retries included). */
async function drained(token: string): Promise<void> {
  for (;;) {
    const counts = (await call(first, 'outbox.counts', {}, { token })).body.value as {
      pending: number;
      inFlight: number;
      failed: number;
    };
    expect(counts.failed).toBe(0);
    if (counts.pending === 0 && counts.inFlight === 0) return;
    await delay(200);
  }
}
