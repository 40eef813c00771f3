/**
 * The values a notice takes from a case: what the case row knows (applicant, service, Aktenzeichen, dates)
 * and the applicant's postal address from the form data. Pure. What is not found stays absent, so the draft
 * marks it for the case worker to fill in.
 */
import { authorityCalendarDate } from '../../../shared/cases/authority-time';
import type { CaseDetail, JsonValue } from '../../../shared/cases/types';
import { dataKindOf } from '../../cases/form-data-kind';
import type { ServiceFee } from '../../profile/types';
import type { NoticeCaseFields } from '../merge-fields';

interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
}

function textAt(object: { [key: string]: JsonValue }, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The first object (depth first) shaped like the forms' `anschrift`: street, postal code and town. */
function findAddress(value: JsonValue): PostalAddress | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (!Array.isArray(value)) {
    const street = textAt(value, 'strasse');
    const postalCode = textAt(value, 'postleitzahl');
    const city = textAt(value, 'ort');
    if (street !== undefined && postalCode !== undefined && city !== undefined) {
      const number = textAt(value, 'hausnummer');
      return { street: number === undefined ? street : `${street} ${number}`, postalCode, city };
    }
  }
  for (const child of Object.values(value)) {
    const found = findAddress(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

function formData(detail: CaseDetail): JsonValue {
  const latest = detail.submissions.at(-1);
  if (latest === undefined || dataKindOf(latest.dataMimeType) !== 'json') return null;
  try {
    return JSON.parse(latest.data) as JsonValue;
  } catch {
    return null;
  }
}

/** Days a citizen has to answer a Rückfrage when the department profile names none. */
export const DEFAULT_REPLY_DAYS = 14;

/** `days` after `from`, at noon of that calendar day in the workstation's time zone. */
export function daysAfter(from: Date, days: number): Date {
  return new Date(from.getFullYear(), from.getMonth(), from.getDate() + days, 12);
}

export interface CaseFieldRules {
  /** The service's entry in the department's Gebührenordnung. */
  fee?: ServiceFee;
  /** Days the citizen has to answer a Rückfrage (default 14). */
  replyDays?: number;
}

/**
 * The department's rules fill in what no one should type: the fee (set by the notice, asked for within its
 * days unless the submission's payment was booked) or that the service is gebührenfrei, and the reply
 * deadline of a Rückfrage.
 */
export function noticeCaseFields(
  detail: CaseDetail,
  today: Date,
  rules: CaseFieldRules = {},
): NoticeCaseFields {
  const { fee, replyDays = DEFAULT_REPLY_DAYS } = rules;
  const row = detail.case;
  const address = findAddress(formData(detail));
  const submissionId = detail.submissions.at(-1)?.submissionId;
  return {
    applicantName: row.applicantName,
    ...(address === undefined
      ? {}
      : {
          applicantStreet: address.street,
          applicantPostalCode: address.postalCode,
          applicantCity: address.city,
        }),
    serviceName: row.serviceName,
    ...(row.fileReference === null ? {} : { fileReference: row.fileReference }),
    ...(submissionId === undefined ? {} : { submissionId }),
    // The authority's calendar day, whatever zone the workstation is set to.
    receivedOn: authorityCalendarDate(new Date(row.receivedAt)),
    noticeDate: authorityCalendarDate(today),
    responseDueOn: authorityCalendarDate(daysAfter(today, replyDays)),
    ...(fee &&
      ('free' in fee
        ? { feeFree: true }
        : {
            feeCents: fee.amountCents,
            feeLegalBasis: fee.legalBasis,
            feeDueOn: authorityCalendarDate(daysAfter(today, fee.dueDays)),
          })),
    ...(row.paymentStatus === 'BOOKED' && { feePaid: true }),
  };
}
