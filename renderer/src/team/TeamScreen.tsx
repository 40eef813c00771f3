/**
 * Team: one's absences and their deputy ("Vertretung"), which notifications one wants, and for the team
 * lead the overview of open cases, counts only (no speed, no ranking of people).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Absence,
  NotificationKind,
  NotificationSettings,
  TeamOverview,
} from '../../../main/api/contract';
import { authorityCalendarDate } from '../../../shared/cases/authority-time';
import { formatDate } from '../../../shared/forms/format';
import { useApi } from '../api/context';
import { useDesk } from '../app/desk-context';
import { useScreenHeading } from '../app/useScreenHeading';
import { localeFor } from '../i18n';
import { DateField } from '../ui/DateField';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { SelectField } from '../ui/SelectField';

const KINDS: NotificationKind[] = ['assigned', 'followedChanged', 'resubmissionDue', 'pickupReminder'];

export function TeamScreen() {
  const { t } = useTranslation();
  const desk = useDesk();
  const heading = useRef<HTMLHeadingElement>(null);
  useScreenHeading(t('team.title'), heading);
  const isLead = desk.principal?.roles.includes('Teamleitung') ?? false;
  return (
    <div className="team-screen">
      <h1 ref={heading} tabIndex={-1}>
        {t('team.title')}
      </h1>
      {isLead && <OverviewPanel />}
      <AbsencePanel />
      <NotificationPanel />
    </div>
  );
}

function OverviewPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const desk = useDesk();
  const locale = localeFor(i18n.language);
  const [overview, setOverview] = useState<TeamOverview | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    const load = () =>
      api.call('team.overview', {}).then(setOverview, (err: unknown) => setError(errorKey(err)));
    void load();
    return api.on('cases.changed', () => void load());
  }, [api]);
  return (
    <section className="panel" aria-labelledby="overview-title" data-testid="team-overview">
      <h2 id="overview-title">{t('team.overview.title')}</h2>
      <p className="hint">{t('team.overview.help')}</p>
      <ErrorAlert messageKey={error} />
      {overview && (
        <>
          <dl className="facts">
            {(['overdue', 'dueThisWeek', 'waitingForCitizen', 'unassigned'] as const).map((key) => (
              <div key={key} className="fact">
                <dt>{t(`team.overview.${key}`)}</dt>
                <dd data-testid={`overview-${key}`}>{overview[key]}</dd>
              </div>
            ))}
          </dl>
          <table className="data-table" data-testid="overview-services">
            <caption>{t('team.overview.byService')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team.overview.service')}</th>
                <th scope="col">{t('team.overview.open')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.byService.map((service) => (
                <tr key={service.identifier}>
                  <th scope="row">{service.name}</th>
                  <td>{service.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data-table" data-testid="overview-weeks">
            <caption>{t('team.overview.byWeek')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team.overview.week')}</th>
                <th scope="col">{t('team.overview.open')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('team.overview.earlier')}</th>
                <td>{overview.earlier}</td>
              </tr>
              {overview.byWeek.map((week) => (
                <tr key={week.weekStart}>
                  <th scope="row">
                    {t('team.overview.weekOf', { date: formatDate(week.weekStart, { locale }) })}
                  </th>
                  <td>{week.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data-table" data-testid="overview-people">
            <caption>{t('team.overview.byPerson')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team.overview.person')}</th>
                <th scope="col">{t('team.overview.open')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.byPerson.map((entry) => (
                <tr key={entry.person}>
                  <th scope="row">{desk.displayName(entry.person)}</th>
                  <td>{entry.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function AbsencePanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const desk = useDesk();
  const locale = localeFor(i18n.language);
  const me = desk.principal?.userId ?? null;
  const isLead = desk.principal?.roles.includes('Teamleitung') ?? false;
  const today = authorityCalendarDate(new Date());
  const [absences, setAbsences] = useState<Absence[]>([]);
  const [deputy, setDeputy] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(today);
  const [to, setTo] = useState<string | null>(today);
  const [error, setError] = useState<MessageKey | null>(null);
  const [saved, setSaved] = useState(false);

  const load = useCallback(
    () => api.call('team.absences', {}).then(setAbsences, (err: unknown) => setError(errorKey(err))),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    setSaved(false);
    if (deputy === null || from === null || to === null) {
      setError('team.absence.incomplete');
      return;
    }
    try {
      await api.call('team.saveAbsence', { deputy, from, to });
      setError(null);
      setSaved(true);
      await load();
    } catch (err) {
      setError(errorKey(err));
    }
  };

  return (
    <section className="panel" aria-labelledby="absence-title" data-testid="team-absences">
      <h2 id="absence-title">{t('team.absence.title')}</h2>
      <p className="hint">{t('team.absence.help')}</p>
      <form
        className="absence-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <SelectField
          label={t('team.absence.deputy')}
          placeholder={t('team.hand.choose')}
          options={desk.colleagues.map((colleague) => ({
            id: colleague.userId,
            label: colleague.displayName,
          }))}
          value={deputy}
          onChange={setDeputy}
          testId="absence-deputy"
        />
        <DateField
          label={t('team.absence.from')}
          value={from}
          onChange={setFrom}
          isRequired
          testId="absence-from"
        />
        <DateField label={t('team.absence.to')} value={to} onChange={setTo} isRequired testId="absence-to" />
        <button type="submit" className="button">
          {t('team.absence.save')}
        </button>
      </form>
      <ErrorAlert messageKey={error} />
      <p role="status" className="status status-saved">
        {saved ? t('team.absence.saved') : ''}
      </p>
      {absences.length === 0 ? (
        <p className="muted">{t('team.absence.none')}</p>
      ) : (
        <ul className="absences" data-testid="absence-list">
          {absences.map((absence) => (
            <li key={absence.id}>
              {t('team.absence.entry', {
                person: desk.displayName(absence.person),
                deputy: desk.displayName(absence.deputy),
                from: formatDate(absence.from, { locale }),
                to: formatDate(absence.to, { locale }),
              })}{' '}
              {(absence.person === me || isLead) && (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() =>
                    void api
                      .call('team.removeAbsence', { id: absence.id })
                      .then(load, (err: unknown) => setError(errorKey(err)))
                  }
                >
                  {t('team.absence.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NotificationPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  useEffect(() => {
    void api.call('notifications.settings', {}).then(setSettings, (err: unknown) => setError(errorKey(err)));
  }, [api]);
  const toggle = async (kind: NotificationKind, on: boolean) => {
    if (!settings) return;
    try {
      setSettings(await api.call('notifications.saveSettings', { ...settings, [kind]: on }));
      setError(null);
    } catch (err) {
      setError(errorKey(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="notify-title" data-testid="team-notifications">
      <h2 id="notify-title">{t('team.notify.title')}</h2>
      <p className="hint">{t('team.notify.help')}</p>
      {settings && (
        <fieldset className="checkbox-group">
          <legend className="visually-hidden">{t('team.notify.title')}</legend>
          {KINDS.map((kind) => (
            // One choice a line.
            <div key={kind}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={settings[kind]}
                  onChange={(event) => void toggle(kind, event.target.checked)}
                />
                {t(`team.notify.kinds.${kind}`)}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <ErrorAlert messageKey={error} />
    </section>
  );
}
