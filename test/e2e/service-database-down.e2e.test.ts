/**
 * What a person sees in the browser when the department service loses PostgreSQL (stopped, then started
 * again): a step taken meanwhile is refused with "Verbindung unterbrochen … nicht gespeichert", the page
 * stays usable, and the same step succeeds once the database is back, without reloading or signing in again.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DepartmentService } from '../../main/server/service';
import { type ServiceTestBed, startServiceTestBed } from '../support/department-service';
import { closeSharedBrowser, rendererDir, sharedBrowser } from '../support/e2e';
import { postgresPerFile } from '../support/postgres';

const postgres = postgresPerFile();
const screenshots = join(import.meta.dirname, '../../.tmp/screenshots');
let bed: ServiceTestBed;
let service: DepartmentService;
let page: Page;

beforeAll(async () => {
  bed = await startServiceTestBed(await postgres().database(), { seedCount: 1, rendererDir });
  service = await bed.start();
  const context = await (await sharedBrowser()).newContext({
    locale: 'de-DE',
    viewport: { width: 1280, height: 800 },
  });
  page = await context.newPage();
  await page.goto(service.url);
  await page.getByLabel('Benutzername').fill('anna.schmidt');
  await page.getByLabel('Passwort').fill('demo');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByTestId('result-count').waitFor();
  mkdirSync(screenshots, { recursive: true });
}, 300_000);

afterAll(async () => {
  await page?.context().close();
  await closeSharedBrowser();
  await bed?.close();
  await bed?.database.drop();
});

describe('the department service loses its database while a person works', () => {
  it('refuses a step with "Verbindung unterbrochen" meanwhile, and takes it once the database is back', async () => {
    // A real application from the local platform, brought in by the department's intake: the instance holding
    // the destination may have fetched it at start already, so the person's sync may find nothing new.
    await page.getByRole('button', { name: 'Synchronisieren' }).click();
    await page
      .getByTestId('sync')
      .getByRole('status')
      .filter({ hasText: /Synchronisierung abgeschlossen/ })
      .waitFor();
    const row = page
      .getByTestId('case-grid')
      .locator('tbody tr[data-case-id]')
      .filter({ hasText: 'Neu' })
      .first();
    await row.waitFor();
    await row.locator('.cell-applicantName a').click();
    await page.getByTestId('case-facts').waitFor();

    await postgres().cluster.stop();
    await page.getByRole('button', { name: 'Übernehmen', exact: true }).click();
    const refused = page.getByText(/Verbindung unterbrochen/);
    await refused.waitFor();
    expect(await refused.first().textContent()).toContain('nicht gespeichert');
    await page.screenshot({ path: join(screenshots, 'service-database-down.png') });
    await expect(page.getByTestId('case-facts').textContent()).resolves.toContain('Neu');

    await postgres().cluster.start();
    await page.getByRole('button', { name: 'Übernehmen', exact: true }).click();
    await page.getByTestId('case-facts').filter({ hasText: 'In Prüfung' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'service-database-back.png') });
  });
});
