import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../main/api/contract';
import { SYSTEM_ACTOR } from '../../../shared/audit/types';
import { formatDateTime } from '../../../shared/forms/format';
import { useDesk } from '../app/desk-context';
import { localeFor } from '../i18n';
import { ScrollRegion } from '../ui/ScrollRegion';

/** The case's history as the audit log tells it, newest first. */
export function HistoryPanel({ history }: { history: HistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  const desk = useDesk();
  const locale = localeFor(i18n.language);
  const entries = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="panel" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">{t('history.title')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('history.none')}</p>
      ) : (
        <ScrollRegion label={t('history.title')}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('history.columns.at')}</th>
                <th scope="col">{t('history.columns.actor')}</th>
                <th scope="col">{t('history.columns.action')}</th>
                <th scope="col">{t('history.columns.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; their order is fixed
                <tr key={index}>
                  <td>{formatDateTime(entry.at, { locale })}</td>
                  <td>
                    {entry.actor === SYSTEM_ACTOR ? t('history.system') : desk.displayName(entry.actor)}
                  </td>
                  <td>
                    {t(`history.actions.${entry.action}`, { defaultValue: entry.action })}
                    {entry.assignee &&
                      ` ${t('history.assignedTo', { name: desk.displayName(entry.assignee) })}`}
                  </td>
                  <td>{t(`history.outcomes.${entry.outcome}`, { defaultValue: entry.outcome })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
