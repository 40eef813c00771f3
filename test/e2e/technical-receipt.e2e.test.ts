/**
 * The technical receipt as FITKO means it (browser mode, Chromium, against the local platform): right after
 * sync verified them, a good application is accepted on the platform before anyone opens it, a tampered one
 * is rejected with its problem, and one whose service schema is not known here waits in "Technische
 * Prüfung" until the schema is added to the department profile and it is verified again, then accepted.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendSubmission } from '../../main/fitconnect/sender/send';
import { loadSchemaCatalog } from '../../main/forms/schema-catalog';
import { createRandom } from '../../platform/random';
import { composeSubmission } from '../../platform/sender/compose';
import { serviceEntry } from '../../platform/services';
import { PROBLEM_TYPE_PREFIX } from '../../shared/fitconnect/problems';
import { callValue } from '../support/app';
import { type BrowserModeApp, closeSharedBrowser, launchBrowserMode } from '../support/e2e';
import {
  createPlatformDeskApp,
  type PlatformDeskApp,
  reimportBuergerservice,
} from '../support/platform-desk-app';
import { demoEncryptionKey } from '../support/platform-harness';
import { lightApplication, senderClient } from '../unit/subscriber/fixtures';

const GOOD = 2;
const WOHNSITZ = serviceEntry('wohnsitzanmeldung');
/** A version of the service's schema this installation does not ship. */
const UNKNOWN_SCHEMA_URI = WOHNSITZ.schemaUri.replace('/1.0.0/', '/9.0.0/');

let desk: PlatformDeskApp;
let launched: BrowserModeApp;
let page: Page;
let tampered: { submissionId: string; caseId: string };
let unknownSchema: { submissionId: string; caseId: string };

beforeAll(async () => {
  desk = await createPlatformDeskApp({ buergerservice: GOOD, seed: 11 });
  const destination = desk.platform.demo.departments.find((d) => d.id === 'buergerservice')?.destinations[0];
  if (!destination) throw new Error('no Bürgerservice destination');
  const sender = senderClient(desk.platform);
  const random = createRandom(12);
  const key = demoEncryptionKey(destination);
  const hashMismatch = lightApplication('wohnsitzanmeldung', random).app;
  tampered = await sendSubmission(
    sender,
    destination.destinationId,
    await composeSubmission(hashMismatch, key, { defect: 'data-hash-mismatch', random }),
  );
  const newer = lightApplication('wohnsitzanmeldung', random).app;
  unknownSchema = await sendSubmission(
    sender,
    destination.destinationId,
    await composeSubmission({ ...newer, service: { ...WOHNSITZ, schemaUri: UNKNOWN_SCHEMA_URI } }, key, {
      random,
    }),
  );
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

async function caseOf(fitCaseId: string) {
  const { rows } = await callValue(desk.app, 'cases.list', { limit: 100 });
  for (const row of rows) {
    const view = await callValue(desk.app, 'cases.get', { id: row.id });
    if (view.case.fitCaseId === fitCaseId) return row;
  }
  throw new Error(`case ${fitCaseId} not stored`);
}

describe('the technical receipt right after verification (Chromium, browser mode)', () => {
  it('sync: the good applications are accepted on the platform before anyone opens them; the tampered one is rejected with its problem', async () => {
    await page.getByRole('button', { name: 'Synchronisieren' }).click();
    await page
      .getByTestId('sync')
      .getByRole('status')
      .filter({ hasText: `Synchronisierung abgeschlossen: ${GOOD + 2} abgerufen, 0 fehlgeschlagen.` })
      .waitFor();

    for (const sent of desk.sent.buergerservice) {
      const decisions = await desk.deliveredDecisions(sent.caseId);
      expect(decisions.map((d) => d.claims.event)).toEqual(['accept-submission']);
      expect(decisions[0]?.claims.submissionId).toBe(sent.submissionId);
      // Nobody has claimed or opened it: the receipt is technical.
      expect(await caseOf(sent.caseId)).toMatchObject({
        status: 'new',
        assignee: null,
        verification: 'passed',
      });
    }

    const [reject] = await desk.deliveredDecisions(tampered.caseId);
    expect(reject?.claims.event).toBe('reject-submission');
    expect(reject?.claims.payload.problems).toEqual([
      expect.objectContaining({ type: `${PROBLEM_TYPE_PREFIX}hash-mismatch`, instance: 'data' }),
    ]);
    expect(await caseOf(tampered.caseId)).toMatchObject({ status: 'rejected', verification: 'failed' });
    expect(await desk.decisions(unknownSchema.caseId)).toEqual([]);
  });

  it('the unknown schema waits in "Technische Prüfung", is verified again once the profile has it, then accepted', async () => {
    await page.getByTestId('filter-verification').getByRole('button').click();
    await page.getByRole('option', { name: 'Technische Prüfung' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('result-count').filter({ hasText: '1 Vorgang' }).waitFor();
    await page.locator('[data-testid="case-grid"][aria-busy="false"]').waitFor();
    const row = page.getByTestId('case-grid').locator('tbody tr[data-case-id]').first();
    await row.locator('.cell-applicantName a').click();
    await page.getByTestId('case-facts').waitFor();
    // The FIT-Connect pickup deadline counts down; only reject and verify again are offered.
    expect(await page.getByTestId('case-facts').textContent()).toContain('Abholfrist FIT-Connect');
    await page.getByRole('button', { name: 'Erneut prüfen' }).waitFor();
    expect(await page.getByRole('button', { name: 'Übernehmen' }).count()).toBe(0);
    expect(await page.getByTestId('verification').textContent()).toContain(UNKNOWN_SCHEMA_URI);

    // Administration adds the schema to the department profile.
    await reimportBuergerservice(desk, (profile) => {
      const service = profile.services.find((s) => s.identifier === WOHNSITZ.identifier);
      if (!service) throw new Error('the profile has no Wohnsitzanmeldung');
      service.submissionSchema = {
        uri: UNKNOWN_SCHEMA_URI,
        schema: loadSchemaCatalog(resolve('assets/services')).schemaFor(WOHNSITZ.schemaUri) as never,
      };
    });

    await page.getByTestId('case-facts').waitFor();
    await page.getByRole('button', { name: 'Erneut prüfen' }).click();
    await page.getByTestId('case-outcome').filter({ hasText: 'Erledigt: Erneut prüfen.' }).waitFor();
    const [accept] = await desk.deliveredDecisions(unknownSchema.caseId);
    expect(accept?.claims.event).toBe('accept-submission');
    expect(await caseOf(unknownSchema.caseId)).toMatchObject({ status: 'new', verification: 'passed' });
  });
});
