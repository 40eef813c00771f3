import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../main/api/contract';
import de from './de.json';

type Messages = typeof de;

/**
 * German comes with the start; another language loads when it is chosen (or set at start). No fallback
 * language: test/unit/renderer/i18n.test.ts keeps both catalogues' keys identical.
 */
const catalogues = {
  de: async () => de,
  en: async () => (await import('./en.json')).default,
} satisfies Record<Language, () => Promise<Messages>>;

/** The languages the UI offers: exactly the contract's (the `satisfies` above checks both ways). */
export const uiLanguages = Object.keys(catalogues) as Language[];

async function load(language: Language): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) {
    i18next.addResourceBundle(language, 'translation', await catalogues[language]());
  }
}

export async function initI18n(language: Language) {
  await i18next.use(initReactI18next).init({
    resources: { [language]: { translation: await catalogues[language]() } },
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function setLanguage(language: Language) {
  await load(language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Dates and numbers always go through Intl with the active locale (de-DE by default). */
export const localeFor = (language: string): string => (language === 'en' ? 'en-GB' : 'de-DE');
