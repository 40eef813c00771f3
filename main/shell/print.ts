/** The system print dialog (printer choice) for the app window's print view, on A4. */
import { BrowserWindow } from 'electron';
import { ApiError } from '../../shared/api/result';
import { isAppFrameUrl } from '../api/origin';

export function printAppWindow(): Promise<void> {
  // One window only (no new windows are ever allowed); the focused one is the one that asked.
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (!window || !isAppFrameUrl(window.webContents.getURL())) {
    return Promise.reject(new ApiError('refused', 'No app window to print.', undefined, 'print-failed'));
  }
  return new Promise((resolve, reject) => {
    // The print stylesheet leaves only the print view; its pages carry their own margins.
    window.webContents.print(
      { silent: false, printBackground: false, pageSize: 'A4', margins: { marginType: 'none' } },
      (success, failureReason) => {
        // A person cancelling the dialog is no failure.
        if (success || /cancel/i.test(failureReason)) resolve();
        else reject(new ApiError('refused', 'The print job failed.', undefined, 'print-failed'));
      },
    );
  });
}
