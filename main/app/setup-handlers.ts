/**
 * The calls of the workstation's setup and session: first run (demo or a profile import), the imported
 * profiles' non-secret view, and sign-in, unlock and sign-out.
 */

import type { Principal } from '../../shared/auth/roles';
import type { CallName, SessionState } from '../api/contract';
import type { Handlers } from '../api/dispatch';
import { requirePermission } from '../auth/permission';
import { parseProfileText } from '../profile/import';
import { profileSummary } from '../profile/summary';
import type { Workstation } from './workstation';

type SetupCall = Extract<CallName, `session.${string}` | `setup.${string}`>;

export interface SetupHandlerOptions {
  workstation: Workstation;
  /** Starts the demo environment and imports its profiles (idempotent). */
  startDemo(): Promise<unknown>;
  /** After a profile import: what runs per department starts afresh. */
  profilesChanged(): Promise<void>;
  /** After a sign-in or unlock: the person as the identity provider names them. */
  signedIn(principal: Principal): void;
  /** The session as it is now, announced to the renderer if it changed. */
  sessionChanged(): SessionState;
}

export function setupHandlers(options: SetupHandlerOptions): Pick<Handlers, SetupCall> {
  const { workstation, sessionChanged } = options;
  return {
    'session.current': () => workstation.state(),
    'session.signIn': async () => {
      options.signedIn(await workstation.authService().signIn());
      return sessionChanged();
    },
    'session.unlock': async () => {
      options.signedIn(await workstation.authService().unlock());
      return sessionChanged();
    },
    'session.signOut': async () => {
      await workstation.authService().signOut();
      return sessionChanged();
    },
    'session.activity': () => {
      if (workstation.profiles().length > 0) workstation.authService().activity();
    },
    'setup.startDemo': async () => {
      await options.startDemo();
      return sessionChanged();
    },
    'setup.importProfile': async ({ profile }) => {
      const stored = await workstation.importProfile(parseProfileText(profile));
      await options.profilesChanged();
      return { session: sessionChanged(), profile: profileSummary(stored) };
    },
    'setup.profiles': () => {
      const profiles = workstation.profiles();
      // Before the first profile there is nothing to protect and nobody to sign in.
      if (profiles.length > 0) requirePermission(workstation.principal(), 'settings.manage');
      return { profiles: profiles.map(profileSummary), managedPath: workstation.managedProfilePath() };
    },
  };
}
