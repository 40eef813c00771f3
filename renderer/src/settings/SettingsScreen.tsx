import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, UserSettings } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { useScreenHeading } from '../app/useScreenHeading';
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
  const heading = useRef<HTMLHeadingElement>(null);
  useScreenHeading(t('settings.title'), heading);
  return (
    <div className="settings-screen">
      <h1 ref={heading} tabIndex={-1}>
        {t('settings.title')}
      </h1>
      <div className="settings-grid">
        <SettingsPanel settings={settings} onChange={onChange} />
        <SessionInfo info={info} transport={api.transport} />
      </div>
    </div>
  );
}
