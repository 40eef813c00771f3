/** Sign-in's slice of the API: the session at this workstation. */
import { call, event, none } from '../../shared/api/call';
import type { Principal } from '../../shared/auth/roles';

export type { Principal, Role } from '../../shared/auth/roles';

/**
 * Where sign-in stands at this workstation; the principal is absent only when signed out. `idleMinutes`:
 * after how long without input the session locks (the department profile sets it).
 */
export type SessionState =
  | { status: 'no-profile' }
  | { status: 'signed-out'; departmentName: string }
  | { status: 'signed-in' | 'locked'; principal: Principal; departmentName: string; idleMinutes: number };

export const sessionCalls = {
  'session.current': call<SessionState>()(none),
  'session.signIn': call<SessionState>()(none),
  'session.unlock': call<SessionState>()(none),
  'session.signOut': call<SessionState>()(none),
  /** A keystroke or click at the desk, throttled by the renderer; keeps the idle lock away. */
  'session.activity': call<void>()(none),
} as const;

export const sessionEvents = {
  'session.changed': event<SessionState>(),
  /** Browser mode: sign-in needs the browser to open the identity provider's page. */
  'session.openBrowser': event<{ url: string }>(),
} as const;
