/**
 * Who works on a case: the person responsible, the colleagues who follow it ("Beobachten"), who is working on
 * it right now (live: the desk's `cases.changed` events), and handing it to a colleague with a note, or, as a
 * deputy, taking it over. While this view is open, colleagues see that this person is working on the case.
 */
import { useCallback, useEffect, useState } from 'react';
import { Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { CaseTeam, CaseView } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { useDesk } from '../app/desk-context';
import { useReconnected } from '../replica/useReconnected';
import { DialogForm } from '../ui/DialogForm';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { SelectField } from '../ui/SelectField';

/** Renews "is working on it" well before it expires in main (PRESENCE_MS, two minutes). */
const RENEW_MS = 60 * 1000;
const HANDABLE = ['in_review', 'accepted', 'inquiry', 'resubmission', 'handed_over'];

export function CaseTeamPanel({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const desk = useDesk();
  const caseId = view.case.id;
  const [team, setTeam] = useState<CaseTeam | null>(null);
  const [covers, setCovers] = useState<string[]>([]);
  const [error, setError] = useState<MessageKey | null>(null);
  const [handing, setHanding] = useState(false);
  const [to, setTo] = useState<string | null>(null);
  const [note, setNote] = useState('');

  const load = useCallback(
    () => api.call('team.caseTeam', { id: caseId }).then(setTeam, (err: unknown) => setError(errorKey(err))),
    [api, caseId],
  );

  // An error from while the service was gone ("Verbindung unterbrochen") is not left standing once it is back.
  useReconnected(() => {
    setError(null);
    void load();
  });

  useEffect(() => {
    void load();
    void api.call('team.covers', {}).then(setCovers, () => setCovers([]));
    return api.on('cases.changed', ({ ids }) => {
      if (ids.length === 0 || ids.includes(caseId)) void load();
    });
  }, [api, caseId, load]);

  // The presence: marked on opening, renewed while open, ended on leaving.
  useEffect(() => {
    const mark = (active: boolean) => api.call('team.working', { id: caseId, active }).catch(() => undefined);
    void mark(true);
    const renew = setInterval(() => void mark(true), RENEW_MS);
    return () => {
      clearInterval(renew);
      void mark(false);
    };
  }, [api, caseId]);

  const me = desk.principal?.userId ?? null;
  const responsible = view.case.assignee;
  const isLead = desk.principal?.roles.includes('Teamleitung') ?? false;
  const handable =
    view.case.verification === 'passed' && HANDABLE.includes(view.case.status) && responsible !== null;
  const mayHand = handable && (isLead || responsible === me);
  const mayTakeOver =
    handable && !isLead && responsible !== me && responsible !== null && covers.includes(responsible);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await load();
      onChanged();
    } catch (err) {
      setError(errorKey(err));
    }
  };
  const hand = (target: string, withNote?: string) =>
    api.call('team.hand', {
      id: caseId,
      to: target,
      expectedVersion: view.case.version,
      ...(withNote?.trim() && { note: withNote.trim() }),
    });
  const names = (people: string[]) => people.map((person) => desk.displayName(person)).join(', ');

  return (
    <section className="panel" aria-labelledby="case-team-title" data-testid="case-team">
      <h2 id="case-team-title">{t('team.case.title')}</h2>
      <dl className="facts">
        <dt>{t('team.case.responsible')}</dt>
        <dd data-testid="case-team-responsible">
          {responsible ? desk.displayName(responsible) : t('team.case.nobody')}
        </dd>
        <dt>{t('team.case.followers')}</dt>
        <dd>{team && team.followers.length > 0 ? names(team.followers) : t('team.case.noFollowers')}</dd>
      </dl>
      <p role="status" className="status" data-testid="case-team-working">
        {team && team.working.length > 0 ? t('team.case.working', { names: names(team.working) }) : ''}
      </p>
      <div className="button-row">
        {team && (
          <button
            type="button"
            className="button button-small"
            aria-pressed={team.following}
            onClick={() => void act(() => api.call('team.follow', { id: caseId, follow: !team.following }))}
          >
            {team.following ? t('team.case.unfollow') : t('team.case.follow')}
          </button>
        )}
        {mayHand && (
          <button type="button" className="button button-small" onClick={() => setHanding(true)}>
            {t('team.case.hand')}
          </button>
        )}
        {mayTakeOver && me && (
          <button type="button" className="button button-small" onClick={() => void act(() => hand(me))}>
            {t('team.case.takeOver', { name: desk.displayName(responsible) })}
          </button>
        )}
      </div>
      <ErrorAlert messageKey={error} />
      <DialogForm
        title={t('team.hand.title')}
        isOpen={handing}
        onClose={() => {
          setHanding(false);
          setTo(null);
          setNote('');
        }}
        onSubmit={async () => {
          if (to === null) return 'team.hand.colleagueRequired';
          await hand(to, note);
          setTo(null);
          setNote('');
          await load();
          onChanged();
        }}
        confirmLabel={t('team.hand.confirm')}
        testId="hand-dialog"
      >
        <SelectField
          label={t('team.hand.colleague')}
          placeholder={t('team.hand.choose')}
          options={desk.colleagues
            .filter((colleague) => colleague.userId !== responsible)
            .map((colleague) => ({ id: colleague.userId, label: colleague.displayName }))}
          value={to}
          onChange={setTo}
          testId="hand-colleague"
        />
        <TextField className="field" value={note} onChange={setNote} maxLength={2000}>
          <Label className="field-label">{t('team.hand.note')}</Label>
          <TextArea className="input textarea" rows={3} />
        </TextField>
      </DialogForm>
    </section>
  );
}
