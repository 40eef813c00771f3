import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { UserSettings } from '../../../main/api/contract';
import { ApiError } from '../../../shared/api/result';
import { useApi } from '../api/context';
import { setLanguage, uiLanguages } from '../i18n';

const themes = ['system', 'light', 'dark'] as const;

export function SettingsPanel({
  settings,
  onChange,
}: {
  settings: UserSettings;
  onChange: (next: UserSettings) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; messageKey: string } | null>(null);

  const update = async (patch: Partial<UserSettings>) => {
    try {
      const next = await api.call('settings.update', patch);
      if (patch.language) await setLanguage(next.language);
      onChange(next);
      setStatus({ kind: 'saved', messageKey: 'settings.saved' });
    } catch (err) {
      setStatus({ kind: 'error', messageKey: `errors.${err instanceof ApiError ? err.code : 'internal'}` });
    }
  };

  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.appearance')}</h2>
      <RadioGroup
        className="choice-group"
        value={settings.language}
        onChange={(value) => void update({ language: value as UserSettings['language'] })}
      >
        <Label className="choice-label">{t('settings.language')}</Label>
        {uiLanguages.map((language) => (
          <Radio key={language} value={language} className="choice">
            {t(`settings.languages.${language}`)}
          </Radio>
        ))}
      </RadioGroup>
      <RadioGroup
        className="choice-group"
        value={settings.theme}
        onChange={(value) => void update({ theme: value as UserSettings['theme'] })}
      >
        <Label className="choice-label">{t('settings.theme')}</Label>
        {themes.map((theme) => (
          <Radio key={theme} value={theme} className="choice">
            {t(`settings.themes.${theme}`)}
          </Radio>
        ))}
      </RadioGroup>
      <p className={`status status-${status?.kind ?? 'idle'}`} role="status" data-testid="settings-status">
        {status && t(status.messageKey)}
      </p>
    </section>
  );
}
