/** Registers one `ipcMain.handle` per contract call and forwards contract events to the app's windows. */
import { BrowserWindow, ipcMain } from 'electron';
import { callNames, ipcCallChannel, ipcEventChannel } from '../api/contract';
import { isAppFrameUrl } from '../api/origin';
import type { AntragsdeskApp } from '../app/create-app';
import type { Logger } from '../log/logger';

export function registerIpc(app: AntragsdeskApp, log: Logger): () => void {
  for (const name of callNames) {
    ipcMain.handle(ipcCallChannel(name), (event, input: unknown) => {
      if (!isAppFrameUrl(event.senderFrame?.url)) {
        log.warn('ipc.foreign-origin', { call: name });
        return {
          ok: false,
          error: { code: 'forbidden-origin', message: 'Calls are accepted only from the app itself.' },
        };
      }
      return app.dispatch(name, input, { transport: 'ipc' });
    });
  }
  const unsubscribe = app.events.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (isAppFrameUrl(window.webContents.getURL())) window.webContents.send(ipcEventChannel(name), payload);
    }
  });
  return () => {
    unsubscribe();
    for (const name of callNames) ipcMain.removeHandler(ipcCallChannel(name));
  };
}
