import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../main/api/contract';
import de from './de.json';
import en from './en.json';

const resources = { de: { translation: de }, en: { translation: en } } satisfies Record<Language, unknown>;

/** The languages the UI offers: exactly the contract's (the `satisfies` above checks both ways). */
export const uiLanguages = Object.keys(resources) as Language[];

export function initI18n(language: Language) {
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'de',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function setLanguage(language: Language) {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Dates and numbers always go through Intl with the active locale (de-DE by default). */
export const localeFor = (language: string): string => (language === 'en' ? 'en-GB' : 'de-DE');
