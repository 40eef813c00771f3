import type { TFunction } from 'i18next';
import { AUTHORITY_TIME_ZONE } from '../../../shared/cases/authority-time';

/** "Offline seit HH:MM – …": the time the service was lost, in the authority's time zone. */
export function offlineBannerText(t: TFunction, since: string, locale: string): string {
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: AUTHORITY_TIME_ZONE,
  }).format(new Date(since));
  return t('replica.offlineSince', { time });
}
