import { noticeErrors } from './errors';
import { formatEuroCents, formatGermanDate, formatIban } from './format';

/** What a notice needs from the case. Anything absent or blank becomes a visible marker in the draft. */
export interface NoticeCaseFields {
  applicantName?: string;
  applicantStreet?: string;
  applicantPostalCode?: string;
  applicantCity?: string;
  /** The Leistung applied for, e.g. "Bewohnerparkausweis". */
  serviceName?: string;
  /** Aktenzeichen. */
  fileReference?: string;
  submissionId?: string;
  /** Dates are ISO calendar dates (YYYY-MM-DD). */
  receivedOn?: string;
  noticeDate?: string;
  feeCents?: number;
  feeDueOn?: string;
  /** The Gebührenordnung's entry the fee comes from. */
  feeLegalBasis?: string;
  /** The submission's payment was booked (`paymentInformation.status` BOOKED): nothing is left to pay. */
  feePaid?: boolean;
  /** The Gebührenordnung says the service is gebührenfrei: the notice sets no fee and asks for none. */
  feeFree?: boolean;
  /** Begründung, written by the case worker. */
  decisionReason?: string;
  /** One entry per missing document or piece of information (Nachforderung). */
  requestedDocuments?: readonly string[];
  responseDueOn?: string;
  expectedDecisionOn?: string;
}

/** The part of the department profile that notices print: letterhead, contact, bank details, legal remedy. */
export interface NoticeProfile {
  authorityName: string;
  departmentName?: string;
  street?: string;
  postalCode?: string;
  city?: string;
  contactName?: string;
  phone?: string;
  email?: string;
  openingHours?: string;
  bankName?: string;
  iban?: string;
  bic?: string;
  /** Rechtsbehelfsbelehrung, as the authority's legal office worded it. */
  legalRemedy?: string;
}

interface MergeFieldDefinition {
  /** German label, shown in the marker for a missing value. */
  readonly label: string;
  readonly resolve: (caseFields: NoticeCaseFields, profile: NoticeProfile) => string | undefined;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function mapDefined(value: string | undefined, format: (value: string) => string): string | undefined {
  return value === undefined ? undefined : format(value);
}

function date(field: keyof NoticeCaseFields, value: string | undefined): string | undefined {
  return mapDefined(text(value), (iso) => {
    const formatted = formatGermanDate(iso);
    if (formatted === undefined)
      throw noticeErrors.caseFieldInvalid(field, 'an ISO calendar date (YYYY-MM-DD)');
    return formatted;
  });
}

function euro(field: keyof NoticeCaseFields, cents: number | undefined): string | undefined {
  if (cents === undefined) return undefined;
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw noticeErrors.caseFieldInvalid(field, 'a non-negative whole number of cents');
  }
  return formatEuroCents(cents);
}

function list(items: readonly string[] | undefined): string | undefined {
  const entries = (items ?? []).map((item) => item.trim()).filter((item) => item !== '');
  return entries.length > 0 ? entries.map((item) => `–\u00a0${item}`).join('\n') : undefined;
}

/**
 * What the citizen is told about paying: that the fee was paid with the application, or the payment request
 * with its deadline and the authority's account. Undefined (a marker) until fee and deadline are known.
 */
function paymentNotice(c: NoticeCaseFields, p: NoticeProfile): string | undefined {
  if (c.feePaid === true) return 'Die Gebühr wurde bereits entrichtet. Sie müssen nichts weiter überweisen.';
  const fee = euro('feeCents', c.feeCents);
  const due = date('feeDueOn', c.feeDueOn);
  const bank = text(p.bankName);
  const iban = mapDefined(text(p.iban), formatIban);
  const fileReference = text(c.fileReference);
  if (!fee || !due || !bank || !iban || !fileReference) return undefined;
  const bic = text(p.bic);
  return (
    `Bitte überweisen Sie ${fee} bis zum ${due} auf unser Konto bei der ${bank}, IBAN ${iban}` +
    `${bic ? `, BIC ${bic}` : ''}. Geben Sie als Verwendungszweck bitte „${fileReference}“ an, damit wir ` +
    'Ihre Zahlung zuordnen können.'
  );
}

/** Every merge field a template may use, with where its value comes from. */
export const mergeFields = {
  'case.applicantName': { label: 'Name', resolve: (c) => text(c.applicantName) },
  'case.applicantStreet': { label: 'Straße und Hausnummer', resolve: (c) => text(c.applicantStreet) },
  'case.applicantPostalCode': { label: 'Postleitzahl', resolve: (c) => text(c.applicantPostalCode) },
  'case.applicantCity': { label: 'Ort', resolve: (c) => text(c.applicantCity) },
  'case.serviceName': { label: 'Leistung', resolve: (c) => text(c.serviceName) },
  'case.fileReference': { label: 'Aktenzeichen', resolve: (c) => text(c.fileReference) },
  'case.submissionId': { label: 'Antragsnummer', resolve: (c) => text(c.submissionId) },
  'case.receivedOn': { label: 'Eingangsdatum', resolve: (c) => date('receivedOn', c.receivedOn) },
  'case.noticeDate': { label: 'Datum des Schreibens', resolve: (c) => date('noticeDate', c.noticeDate) },
  'case.fee': { label: 'Gebühr', resolve: (c) => euro('feeCents', c.feeCents) },
  'case.feeDueOn': { label: 'Zahlungsfrist', resolve: (c) => date('feeDueOn', c.feeDueOn) },
  'case.feeLegalBasis': { label: 'Rechtsgrundlage der Gebühr', resolve: (c) => text(c.feeLegalBasis) },
  'case.payment': { label: 'Zahlungshinweis', resolve: (c, p) => paymentNotice(c, p) },
  'case.decisionReason': { label: 'Begründung', resolve: (c) => text(c.decisionReason) },
  'case.requestedDocuments': { label: 'angeforderte Unterlagen', resolve: (c) => list(c.requestedDocuments) },
  'case.responseDueOn': {
    label: 'Frist für die Antwort',
    resolve: (c) => date('responseDueOn', c.responseDueOn),
  },
  'case.expectedDecisionOn': {
    label: 'voraussichtliches Entscheidungsdatum',
    resolve: (c) => date('expectedDecisionOn', c.expectedDecisionOn),
  },
  'profile.authorityName': { label: 'Behörde', resolve: (_, p) => text(p.authorityName) },
  'profile.departmentName': { label: 'Fachbereich', resolve: (_, p) => text(p.departmentName) },
  'profile.street': { label: 'Anschrift der Behörde', resolve: (_, p) => text(p.street) },
  'profile.postalCode': { label: 'Postleitzahl der Behörde', resolve: (_, p) => text(p.postalCode) },
  'profile.city': { label: 'Ort der Behörde', resolve: (_, p) => text(p.city) },
  'profile.contactName': { label: 'Ansprechperson', resolve: (_, p) => text(p.contactName) },
  'profile.phone': { label: 'Telefon', resolve: (_, p) => text(p.phone) },
  'profile.email': { label: 'E-Mail', resolve: (_, p) => text(p.email) },
  'profile.openingHours': { label: 'Servicezeiten', resolve: (_, p) => text(p.openingHours) },
  'profile.bankName': { label: 'Kreditinstitut', resolve: (_, p) => text(p.bankName) },
  'profile.iban': { label: 'IBAN', resolve: (_, p) => mapDefined(text(p.iban), formatIban) },
  'profile.bic': { label: 'BIC', resolve: (_, p) => text(p.bic) },
  'profile.legalRemedy': { label: 'Rechtsbehelfsbelehrung', resolve: (_, p) => text(p.legalRemedy) },
} as const satisfies Record<string, MergeFieldDefinition>;

export type MergeFieldName = keyof typeof mergeFields;

export function isMergeFieldName(name: string): name is MergeFieldName {
  return Object.hasOwn(mergeFields, name);
}
