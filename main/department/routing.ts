/**
 * Where each contract call is answered in department mode: the one place that decides it. Calls about the
 * workstation itself (the app, its print dialog, this person's display settings, the sign-in here, the
 * profiles imported here) stay local; everything about cases and the department's records goes to the
 * service, which holds the store, the keys and the seal.
 */
import type { CallName } from '../api/contract';
import type { Dispatch } from '../api/dispatch';

export const LOCAL_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'app.info',
  'print.page',
  // The desktop's own notification (Electron); what is due comes from the service (`notifications.pending`).
  'notifications.show',
  'settings.get',
  'settings.update',
  'session.current',
  'session.signIn',
  'session.unlock',
  'session.signOut',
  'session.activity',
  'setup.startDemo',
  'setup.importProfile',
  'setup.profiles',
]);

export function answeredLocally(name: string): boolean {
  return LOCAL_CALLS.has(name as CallName);
}

/** The workstation's dispatcher in department mode: local calls here, the rest forwarded to the service. */
export function routeCalls(local: Dispatch, remote: Dispatch): Dispatch {
  return (name, input, ctx) => (answeredLocally(name) ? local(name, input, ctx) : remote(name, input, ctx));
}
