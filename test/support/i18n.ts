/** An i18next instance with both UI catalogues and no fallback: a missing key shows as missing. */
import i18next from 'i18next';
import de from '../../renderer/src/i18n/de.json';
import en from '../../renderer/src/i18n/en.json';

export async function testI18n() {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: 'de',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
  return i18n;
}
