/**
 * Helpers of the sign-in specs: the identity provider's page in the popup the renderer opens, driven as a
 * person would; axe-core over a screen; where the screenshots go.
 */
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../platform/oidc/users';

export const screenshotDir = resolve('.tmp/screenshots/sign-in');

/**
 * Clicks `trigger` (which makes main ask the renderer to open the provider's page), signs in as `user` in
 * the page that opens, and waits for the app's loopback page. Fails if the provider does not show its
 * login form (a silent sign-in on the provider's own session would not do for unlocking).
 */
export async function signInAt(page: Page, trigger: () => Promise<void>, user: string): Promise<void> {
  const opened = page.context().waitForEvent('page');
  await trigger();
  const popup = await opened;
  const username = popup.getByLabel('Benutzername');
  await username.waitFor();
  await username.fill(user);
  await popup.getByLabel('Passwort').fill(DEMO_PASSWORD);
  await popup.getByRole('button', { name: 'Anmelden' }).click();
  await popup.getByRole('heading', { name: 'Anmeldung abgeschlossen' }).waitFor();
  await popup.close();
}

export async function expectAxeClean(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const violations = result.violations.map((v) => ({
    id: v.id,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  expect({ where, violations }).toEqual({ where, violations: [] });
}
