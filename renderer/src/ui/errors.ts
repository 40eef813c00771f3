/**
 * What to say about an error: i18n keys, most specific first. An API error's `reason` (e.g. `not-assignee`)
 * says more than its code (`invalid-transition`); the UI falls back to the code's text, then "internal".
 */
import { ApiError } from '../../../shared/api/result';
import { ZipError } from '../zip/store-zip';

/** One i18n key, or several tried in order (i18next takes the first that exists). */
export type MessageKey = string | string[];

export function errorKey(error: unknown): MessageKey {
  if (error instanceof ApiError) {
    return error.reason ? [`errors.reasons.${error.reason}`, `errors.${error.code}`] : `errors.${error.code}`;
  }
  if (error instanceof ZipError) return `errors.${error.code}`;
  return 'errors.internal';
}
