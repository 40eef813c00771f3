import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, UserSettings } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { SessionInfo } from './SessionInfo';
import { SettingsPanel } from './SettingsPanel';

export function App({ info, initialSettings }: { info: AppInfo; initialSettings: UserSettings }) {
  const { t } = useTranslation();
  const api = useApi();
  const [settings, setSettings] = useState(initialSettings);

  useEffect(() => {
    document.documentElement.dataset.theme = settings.theme;
  }, [settings.theme]);

  return (
    <>
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <img src="./favicon.svg" alt="" width={24} height={24} />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="header-status">
          {info.demo && <span className="badge badge-demo">{t('app.demo')}</span>}
          <span className="badge">{t(`app.mode.${info.mode}`)}</span>
        </div>
      </header>
      <main id="content" className="app-main" tabIndex={-1}>
        <SettingsPanel settings={settings} onChange={setSettings} />
        <SessionInfo info={info} transport={api.transport} />
      </main>
    </>
  );
}
