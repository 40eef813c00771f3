/** Desktop notifications for team work (a case given to me, a followed case changed, reminders). */
import { Notification } from 'electron';

/** Shows one notification where the desktop supports them; the renderer worded it already. */
export function showDesktopNotification(title: string, body: string): void {
  if (!Notification.isSupported()) return;
  new Notification({ title, body, silent: false }).show();
}
