/**
 * Electron entry: single instance, hardening, the app:// scheme, services, IPC and the main window.
 * All behaviour lives in the services (createApp); this file only wires them to Electron.
 */
import { join } from 'node:path';
import { app, dialog, session } from 'electron';
import Store from 'electron-store';
import { createApp } from '../app/create-app';
import { startupFailure } from '../app/startup-failure';
import { createLogger } from '../log/logger';
import { registerIpc } from './ipc';
import { osWrappedVaultKey } from './key-store';
import { showDesktopNotification } from './notification';
import { printAppWindow } from './print';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenAllWebContents, hardenSession, openInSystemBrowser } from './security';
import { createMainWindow, preloadFile } from './window';

const log = createLogger('shell');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenAllWebContents();
  app.enableSandbox();

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    serveRenderer(join(import.meta.dirname, '../renderer'));
    const settingsStore = new Store({ name: 'settings' });
    const demo = process.argv.includes('--demo');
    const services = await startServices(demo, settingsStore);
    if (!services) return;
    if (demo) await services.startDemo();
    registerIpc(services, log);
    let window = createMainWindow(preloadFile(import.meta.dirname));

    app.on('second-instance', () => {
      if (window.isDestroyed()) window = createMainWindow(preloadFile(import.meta.dirname));
      if (window.isMinimized()) window.restore();
      window.focus();
    });
    app.on('window-all-closed', () => app.quit());
    app.on('will-quit', () => void services.close());
  });
}

/** The services, or null after telling the person why they could not start (the data left as it is). */
async function startServices(demo: boolean, settingsStore: Store) {
  try {
    return await createApp({
      mode: 'desktop',
      demo,
      version: app.getVersion(),
      electronVersion: process.versions.electron ?? null,
      settingsStore,
      log,
      profileDir: app.getPath('userData'),
      // Only an administrator may accept Linux's unencrypted key storage (set in the managed settings).
      vaultKey: await osWrappedVaultKey({
        allowPlainTextBackend: settingsStore.get('security.allowPlainTextKeyStorage') === true,
      }),
      openBrowser: openInSystemBrowser,
      printPage: printAppWindow,
      showNotification: showDesktopNotification,
    });
  } catch (error) {
    const failure = startupFailure(error, app.getLocale().startsWith('de') ? 'de' : 'en');
    log.error('shell.start-failed', { code: failure.code });
    dialog.showErrorBox(failure.title, `${failure.what}\n\n${failure.todo}`);
    app.exit(1);
    return null;
  }
}
