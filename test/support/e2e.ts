/**
 * Launches the whole app for end-to-end specs: browser mode in Debian's Chromium (always), and the
 * desktop app through Playwright's _electron when an Electron binary is named in ELECTRON_PATH.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type Browser, chromium, type Page } from 'playwright-core';
import type { AntragsdeskApp } from '../../main/app/create-app';
import { startWebServer, type WebServer } from '../../main/web/server';
import { createTestApp, type TestApp } from './app';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const rendererDir = resolve('out/renderer');

/** The flags this machine needs: no sandbox as root, no GPU, and no background traffic to Google. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export interface LaunchedApp {
  target: 'browser' | 'electron';
  page: Page;
  close(): Promise<void>;
}

let browser: Browser | null = null;

export async function sharedBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  return browser;
}

export async function closeSharedBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export interface BrowserModeApp extends LaunchedApp {
  app: AntragsdeskApp;
  server: WebServer;
}

/**
 * Serves `app` (by default a fresh test app, closed with the page) to a new Chromium page. `initScript`
 * runs in the page before any of its own scripts, on every load (the bench's clocks).
 */
export async function launchBrowserMode(
  given?: AntragsdeskApp,
  initScript?: string,
): Promise<BrowserModeApp> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npx electron-vite build` first (npm test does).');
  }
  const owned = given ? null : await createTestApp();
  const app = given ?? (owned as TestApp).app;
  const server = await startWebServer({ app, rendererDir });
  const context = await (await sharedBrowser()).newContext({
    locale: 'de-DE',
    viewport: { width: 1280, height: 800 },
  });
  if (initScript) await context.addInitScript({ content: initScript });
  const page = await context.newPage();
  await page.goto(server.launchUrl);
  return {
    target: 'browser',
    page,
    app,
    server,
    close: async () => {
      await context.close();
      await server.close();
      await owned?.close();
    },
  };
}

export const electronPath = process.env.ELECTRON_PATH;
export const electronSkipReason = electronPath
  ? null
  : 'Electron e2e not run: no Electron binary on this machine (set ELECTRON_PATH to run the same specs in Electron).';

export async function launchElectron(): Promise<LaunchedApp> {
  const userData = mkdtempSync(join(tmpdir(), 'ad-electron-'));
  const app = await _electron.launch({
    executablePath: electronPath,
    args: [resolve('out/main/index.js'), `--user-data-dir=${userData}`],
  });
  const page = await app.firstWindow();
  return {
    target: 'electron',
    page,
    close: async () => {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}
