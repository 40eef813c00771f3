/**
 * What every screen of the desk needs about the session: who is signed in, the colleagues of the
 * department (to show names instead of user ids and to pick an assignee), and the services with counts.
 * Loaded once and refreshed when main says the session or the cases changed.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { Colleague, Principal, ServiceCount, SessionState } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { errorKey, type MessageKey } from '../ui/errors';
import { latestOnly } from './latest-only';

export interface Desk {
  /** The signed-in person; null when signed out (a locked session keeps it, but main refuses calls). */
  principal: Principal | null;
  session: SessionState | null;
  colleagues: Colleague[];
  services: ServiceCount[];
  /** The i18n key of why the session could not be loaded, if it could not. */
  errorKey: MessageKey | null;
  displayName(userId: string | null): string | null;
}

const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside DeskProvider');
  return desk;
}

export function DeskProvider({
  initialSession,
  children,
}: {
  initialSession: SessionState | null;
  children: ReactNode;
}) {
  const api = useApi();
  const [session, setSession] = useState<SessionState | null>(initialSession);
  const [colleagues, setColleagues] = useState<Colleague[]>([]);
  const [services, setServices] = useState<ServiceCount[]>([]);
  const [error, setError] = useState<MessageKey | null>(null);

  // One request at a time: a bulk action changes many cases at once, and the counts are asked again once
  // after the last change rather than once per case. Colleagues too: with the department service, a
  // colleague becomes known (by name, as an assignee) when they first work, while this desk is open.
  const loadServices = useMemo(
    () =>
      latestOnly((done) => {
        Promise.all([
          api.call('cases.services', {}).then(setServices),
          api.call('cases.colleagues', {}).then(setColleagues),
        ])
          .catch((err: unknown) => setError(errorKey(err)))
          .finally(done);
      }),
    [api],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the start's answer is asked again only if missing
  useEffect(() => {
    if (initialSession === null) {
      api.call('session.current', {}).then(setSession, (err: unknown) => setError(errorKey(err)));
    }
    return api.on('session.changed', setSession);
  }, [api]);

  // Colleagues and services belong to the signed-in person's department: load them per sign-in.
  const signedIn = session?.status === 'signed-in' ? session.principal.userId : null;
  useEffect(() => {
    if (signedIn === null) return;
    setError(null);
    loadServices();
    return api.on('cases.changed', loadServices);
  }, [api, signedIn, loadServices]);

  const desk = useMemo<Desk>(() => {
    const principal = session && 'principal' in session ? session.principal : null;
    const names = new Map(colleagues.map((colleague) => [colleague.userId, colleague.displayName]));
    if (principal) names.set(principal.userId, principal.displayName);
    return {
      principal,
      session,
      colleagues,
      services,
      errorKey: error,
      displayName: (userId) => (userId === null ? null : (names.get(userId) ?? userId)),
    };
  }, [session, colleagues, services, error]);

  return <DeskContext.Provider value={desk}>{children}</DeskContext.Provider>;
}
