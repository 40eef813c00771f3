/**
 * Who is working on which case of the inbox right now: asked for the rows held (at most one page of ids at
 * a time), again when cases change and every minute, since a presence expires on its own in main.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { useDesk } from '../app/desk-context';
import { latestOnly } from '../app/latest-only';
import { askOnChanges } from './ask-often';

const PresenceContext = createContext<ReadonlyMap<string, string[]>>(new Map());
const POLL_MS = 60 * 1000;
/** The most case ids one `team.presence` call takes. */
const MAX_IDS = 500;

export function PresenceProvider({ ids, children }: { ids: readonly string[]; children: ReactNode }) {
  const api = useApi();
  const [working, setWorking] = useState<ReadonlyMap<string, string[]>>(new Map());
  const key = ids.slice(0, MAX_IDS).join(',');
  useEffect(() => {
    const caseIds = key === '' ? [] : key.split(',');
    const ask = latestOnly((done) => {
      if (caseIds.length === 0) {
        setWorking(new Map());
        done();
        return;
      }
      api
        .call('team.presence', { ids: caseIds })
        .then((presence) => {
          const next = new Map<string, string[]>();
          for (const { caseId, person } of presence) next.set(caseId, [...(next.get(caseId) ?? []), person]);
          setWorking(next);
        })
        .catch(() => undefined)
        .finally(done);
    });
    return askOnChanges(api, ask, POLL_MS);
  }, [api, key]);
  return <PresenceContext.Provider value={working}>{children}</PresenceContext.Provider>;
}

/** "bearbeitet gerade: …" beside a row's assignee, for colleagues (not oneself). */
export function WorkingBadge({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const desk = useDesk();
  const people = (useContext(PresenceContext).get(caseId) ?? []).filter(
    (person) => person !== desk.principal?.userId,
  );
  const names = useMemo(() => people.map((person) => desk.displayName(person)).join(', '), [people, desk]);
  if (people.length === 0) return null;
  return (
    <span className="badge badge-working" data-testid="working-badge">
      {t('team.working', { names })}
    </span>
  );
}
