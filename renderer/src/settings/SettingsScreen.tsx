import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, UserSettings } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { useDesk } from '../app/desk-context';
import { useScreenHeading } from '../app/useScreenHeading';
import { RetentionPanel } from '../archive/RetentionPanel';
import { IntegrityPanel } from '../integrity/IntegrityPanel';
import { ProfilesPanel } from '../profile/ProfilesPanel';
import { LockSettings } from './LockSettings';
import { SessionInfo } from './SessionInfo';
import { SettingsPanel } from './SettingsPanel';

export function SettingsScreen({
  info,
  settings,
  onChange,
}: {
  info: AppInfo;
  settings: UserSettings;
  onChange: (next: UserSettings) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { session, principal } = useDesk();
  const heading = useRef<HTMLHeadingElement>(null);
  useScreenHeading(t('settings.title'), heading);
  // Main decides; this only spares everyone else a panel main would refuse.
  const managesProfiles =
    session?.status === 'no-profile' || (principal?.roles.includes('Administration') ?? false);
  return (
    <div className="settings-screen">
      <h1 ref={heading} tabIndex={-1}>
        {t('settings.title')}
      </h1>
      <div className="settings-grid">
        <SettingsPanel settings={settings} onChange={onChange} />
        {session && <LockSettings session={session} />}
        <SessionInfo info={info} transport={api.transport} />
        {principal?.roles.includes('Teamleitung') && <RetentionPanel />}
        {principal?.roles.includes('Administration') && <IntegrityPanel />}
      </div>
      {managesProfiles && <ProfilesPanel />}
    </div>
  );
}
