import type { i18n as I18n } from 'i18next';
import type { VerificationCheck, VerificationParams } from '../../../main/api/contract';

export interface CheckWording {
  i18n: Pick<I18n, 't' | 'exists'>;
  /** The file name of an attachment, when the case holds it. */
  fileName(attachmentId: string): string | undefined;
  dateTime(iso: string): string;
}

/**
 * A check's outcome in the UI's language, from its reason and parameters. Reports stored before checks
 * carried reasons (and a reason this version does not know) show the English detail main wrote. Pure.
 */
export function checkText(check: VerificationCheck, wording: CheckWording): string {
  if (check.reason === undefined) return check.detail;
  const key = `verification.reasons.${check.reason}`;
  const options = wordedParams(check.params ?? {}, wording);
  return wording.i18n.exists(key, options) ? wording.i18n.t(key, options) : check.detail;
}

/** Lists name parts or attachments (by file name); `…At` parameters are timestamps; counts stay numbers. */
function wordedParams(params: VerificationParams, wording: CheckWording): Record<string, string | number> {
  const partName = (item: string) =>
    item === 'metadata' || item === 'data'
      ? wording.i18n.t(`verification.parts.${item}`)
      : (wording.fileName(item) ?? item);
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      if (Array.isArray(value)) return [name, value.map(partName).join(', ')];
      if (typeof value === 'string' && name.endsWith('At')) return [name, wording.dateTime(value)];
      return [name, value];
    }),
  );
}
