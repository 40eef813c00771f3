import { ApiError } from '../../../shared/api/result';
import { errorKey, type MessageKey } from '../ui/errors';

/** The notices' own words for their refusals first, then the general ones (i18next takes the first found). */
export function noticeErrorKey(error: unknown): MessageKey {
  const general = errorKey(error);
  if (!(error instanceof ApiError)) return general;
  if (error.reason) return [`notices.errors.${error.reason}`, ...[general].flat()];
  // The contract refuses a draft with an empty subject or paragraph before the service sees it.
  return error.code === 'invalid-input' ? 'notices.errors.draft-invalid' : general;
}
