/**
 * Electron entry: single instance, hardening, the app:// scheme, services, IPC and the main window.
 * All behaviour lives in the services (createApp); this file only wires them to Electron.
 */
import { join } from 'node:path';
import { app, session } from 'electron';
import Store from 'electron-store';
import { createApp } from '../app/create-app';
import { createLogger } from '../log/logger';
import { registerIpc } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenAllWebContents, hardenSession } from './security';
import { createMainWindow, preloadFile } from './window';

const log = createLogger('shell');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenAllWebContents();
  app.enableSandbox();

  app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    serveRenderer(join(import.meta.dirname, '../renderer'));
    const services = createApp({
      mode: 'desktop',
      demo: process.argv.includes('--demo'),
      version: app.getVersion(),
      electronVersion: process.versions.electron ?? null,
      settingsStore: new Store({ name: 'settings' }),
      log,
    });
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
