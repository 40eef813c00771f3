import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../main/api/contract';

export function SessionInfo({ info, transport }: { info: AppInfo; transport: 'ipc' | 'http' }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="about-title">
      <h2 id="about-title">{t('about.title')}</h2>
      <dl className="facts" data-testid="session-info">
        <dt>{t('app.name')}</dt>
        <dd data-testid="app-version">{t('app.version', { version: info.version })}</dd>
        <dt>{t('about.transport')}</dt>
        <dd data-testid="transport">{t(`about.transports.${transport}`)}</dd>
        <dt>{t('about.node')}</dt>
        <dd>{info.node}</dd>
        <dt>{t('about.electron')}</dt>
        <dd>{info.electron ?? t('about.none')}</dd>
      </dl>
    </section>
  );
}
