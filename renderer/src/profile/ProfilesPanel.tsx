/**
 * The settings' profiles panel: the managed path in use (if IT rolled a profile out), each imported
 * profile's non-secret summary, and the import. Shown to Administration, and to anyone before the first
 * profile exists; main refuses everyone else.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfilesView } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { ProfileImport } from './ProfileImport';
import { ProfileSummaryView } from './ProfileSummaryView';

export function ProfilesPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const [view, setView] = useState<ProfilesView | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);

  const load = useCallback(
    () =>
      api.call('setup.profiles', {}).then(
        (next) => {
          setView(next);
          setError(null);
        },
        (err: unknown) => setError(errorKey(err)),
      ),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="panel profiles-panel" aria-labelledby="profiles-title" data-testid="profiles-panel">
      <h2 id="profiles-title">{t('profile.title')}</h2>
      <ErrorAlert messageKey={error} />
      {view && (
        <>
          <p data-testid="managed-path">
            {view.managedPath
              ? t('profile.managedPath', { path: view.managedPath })
              : t('profile.noManagedPath')}
          </p>
          {view.profiles.length === 0 && <p>{t('profile.none')}</p>}
          {view.profiles.map((profile) => (
            <ProfileSummaryView key={profile.departmentId} profile={profile} />
          ))}
        </>
      )}
      <h3>{t('profile.importTitle')}</h3>
      <ProfileImport onImported={() => void load()} />
    </section>
  );
}
