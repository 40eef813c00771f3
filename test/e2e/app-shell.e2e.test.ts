import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { appVersion } from '../../main/app/version';
import {
  closeSharedBrowser,
  electronSkipReason,
  type LaunchedApp,
  launchBrowserMode,
  launchElectron,
  sharedBrowser,
} from '../support/e2e';

afterAll(closeSharedBrowser);

/** The settings screen (the first shell's panel) is one link away from the inbox the desk opens with. */
async function openSettings(app: LaunchedApp) {
  await app.page.getByRole('navigation').getByRole('link', { name: 'Einstellungen' }).click();
}

/** The same spec for both targets: the app opens, performs real API calls and shows their results. */
function appShellSpec(launch: () => Promise<LaunchedApp>) {
  it('opens, asks the services for app.info and shows the answer', async () => {
    const app = await launch();
    try {
      await openSettings(app);
      const version = app.page.getByTestId('app-version');
      await version.waitFor();
      expect(await version.textContent()).toBe(`Version ${appVersion}`);
      expect(await app.page.locator('html').getAttribute('lang')).toBe('de');
      expect(await app.page.getByRole('heading', { level: 1 }).textContent()).toBe('Einstellungen');
    } finally {
      await app.close();
    }
  });

  it('switches the language to English with the keyboard and keeps it', async () => {
    const app = await launch();
    try {
      await openSettings(app);
      await app.page.getByRole('radio', { name: 'Deutsch' }).focus();
      await app.page.keyboard.press('ArrowRight');
      await app.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      expect(await app.page.getByTestId('settings-status').textContent()).toBe('Settings saved.');
      await app.page.reload();
      await app.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      expect(await app.page.locator('html').getAttribute('lang')).toBe('en');
    } finally {
      await app.close();
    }
  });
}

describe('app shell in browser mode (Chromium)', () => {
  appShellSpec(launchBrowserMode);

  it('reports the loopback transport', async () => {
    const app = await launchBrowserMode();
    try {
      await openSettings(app);
      await app.page.getByTestId('transport').waitFor();
      expect(await app.page.getByTestId('transport').textContent()).toBe('Lokaler Server (Loopback)');
    } finally {
      await app.close();
    }
  });

  it('without the token, shows a German explanation instead of the app', async () => {
    const app = await launchBrowserMode();
    try {
      const context = await (await sharedBrowser()).newContext();
      const page = await context.newPage();
      await page.goto(app.server.url);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('ohne Sitzungsschlüssel');
      await context.close();
    } finally {
      await app.close();
    }
  });

  it('a page from a foreign origin cannot call the API, even knowing the token', async () => {
    const app = await launchBrowserMode();
    try {
      const context = await (await sharedBrowser()).newContext();
      const page = await context.newPage();
      // A second loopback server stands in for any other site the case worker might have open.
      const { createServer } = await import('node:http');
      const foreign = createServer((_req, res) => res.end('<!doctype html><title>fremd</title>'));
      await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
      const address = foreign.address() as { port: number };
      await page.goto(`http://127.0.0.1:${address.port}/`);
      const outcome = await page.evaluate(
        async ({ url, token }) => {
          try {
            const response = await fetch(`${url}/api/call/app.info`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
              body: '{}',
            });
            return `status ${response.status}`;
          } catch {
            return 'blocked';
          }
        },
        { url: app.server.url, token: app.server.token },
      );
      // Either the browser blocks the preflight or the server refuses the origin: never a result.
      expect(['blocked', 'status 403']).toContain(outcome);
      foreign.close();
      await context.close();
    } finally {
      await app.close();
    }
  });
});

describe('app shell in Electron', () => {
  // A skip with its note, so the run's summary says why the Electron specs did not run.
  beforeEach((context) => {
    if (electronSkipReason) context.skip(electronSkipReason);
  });
  appShellSpec(launchElectron);
});
