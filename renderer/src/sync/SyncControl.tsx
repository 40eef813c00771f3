/**
 * The sync button with its progress (n of m, bytes) from `sync.progress`, the time of the last sync and
 * whether the platform is reachable. Progress is shown in a progress bar; start and end are announced
 * politely, failures as an alert.
 */
import { useCallback, useEffect, useState } from 'react';
import { ProgressBar } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { SyncProgress, SyncStatus } from '../../../main/api/contract';
import { formatBytes, formatDateTime } from '../../../shared/forms/format';
import { useApi } from '../api/context';
import { localeFor } from '../i18n';
import { useShortcut } from '../keyboard/ShortcutProvider';
import { ActionButton } from '../ui/ActionButton';
import { errorKey, type MessageKey } from '../ui/errors';
import { Icon } from '../ui/Icon';

type Outcome = { kind: 'done'; fetched: number; failed: number } | { kind: 'error'; key: MessageKey } | null;

export function SyncControl() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const locale = localeFor(i18n.language);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const refresh = useCallback(
    () => api.call('sync.status', {}).then(setStatus, () => setStatus(null)),
    [api],
  );

  useEffect(() => {
    void refresh();
    return api.on('sync.progress', (next) => {
      setProgress(next);
      if (next.phase === 'done' || next.phase === 'failed') void refresh();
    });
  }, [api, refresh]);

  const run = useCallback(async () => {
    if (running) return;
    setRunning(true);
    setOutcome(null);
    setProgress(null);
    try {
      const summary = await api.call('sync.run', {});
      setOutcome({ kind: 'done', fetched: summary.fetched, failed: summary.failed });
    } catch (err) {
      setOutcome({ kind: 'error', key: errorKey(err) });
    } finally {
      setRunning(false);
      void refresh();
    }
  }, [api, running, refresh]);

  useShortcut('sync', () => void run());

  const busy = running || status?.running === true;
  const showProgress = busy && progress !== null && progress.phase !== 'done' && progress.phase !== 'failed';
  return (
    <div className="sync" data-testid="sync">
      <ActionButton className="button" unavailable={busy} onPress={() => void run()} aria-keyshortcuts="s">
        <Icon name="sync" />
        {busy ? t('sync.running') : t('sync.run')}
      </ActionButton>
      {showProgress && progress && (
        <ProgressBar
          className="progress"
          value={progress.done}
          maxValue={Math.max(1, progress.total)}
          valueLabel={t('sync.progress', {
            done: progress.done,
            total: progress.total,
            bytes: formatBytes(progress.bytes, { locale }),
          })}
        >
          {({ percentage, valueText }) => (
            <>
              <span className="progress-label">{valueText}</span>
              <span className="progress-track" aria-hidden="true">
                <span className="progress-fill" style={{ width: `${percentage ?? 0}%` }} />
              </span>
            </>
          )}
        </ProgressBar>
      )}
      {status?.online === false && (
        <span className="badge badge-offline" data-testid="offline">
          <Icon name="offline" />
          {t('sync.offline')}
        </span>
      )}
      <span className="sync-last">
        {status?.lastSyncAt
          ? t('sync.last', { at: formatDateTime(status.lastSyncAt, { locale }) })
          : t('sync.never')}
      </span>
      <span role="status" className="visually-hidden">
        {busy
          ? t('sync.started')
          : outcome?.kind === 'done'
            ? t('sync.done', { fetched: outcome.fetched, failed: outcome.failed })
            : ''}
      </span>
      <span role="alert" className={outcome?.kind === 'error' ? 'sync-error' : 'visually-hidden'}>
        {outcome?.kind === 'error' ? t(outcome.key) : ''}
      </span>
    </div>
  );
}
