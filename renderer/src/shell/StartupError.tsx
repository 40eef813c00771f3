import { useTranslation } from 'react-i18next';

export function StartupError({ messageKey }: { messageKey: string }) {
  const { t } = useTranslation();
  return (
    <main className="startup-error" role="alert">
      <h1>{t('errors.title')}</h1>
      <p>{t(messageKey)}</p>
    </main>
  );
}
