/**
 * Every error the notices capability throws. Messages are English and name ids or field names only, never
 * personal data; the UI translates by `code`.
 */
export type NoticeErrorCode =
  | 'template-invalid'
  | 'template-syntax'
  | 'template-unknown-field'
  | 'template-missing-legal-remedy'
  | 'case-field-invalid'
  | 'notice-incomplete'
  | 'notice-version-invalid'
  | 'seal-p12-invalid'
  | 'seal-p12-wrong-password'
  | 'seal-p12-no-key'
  | 'seal-p12-no-certificate'
  | 'seal-key-unsupported'
  | 'seal-key-too-small'
  | 'seal-certificate-not-yet-valid'
  | 'seal-certificate-expired'
  | 'seal-certificate-usage'
  | 'seal-pdf-invalid';

export class NoticeError extends Error {
  readonly code: NoticeErrorCode;
  /** The merge field, case field or template the error is about, when there is one. */
  readonly subject: string | undefined;

  constructor(code: NoticeErrorCode, message: string, subject?: string) {
    super(message);
    this.name = 'NoticeError';
    this.code = code;
    this.subject = subject;
  }
}

export const noticeErrors = {
  templateInvalid: (templateId: string, detail: string) =>
    new NoticeError(
      'template-invalid',
      `Notice template "${templateId}" is malformed: ${detail}`,
      templateId,
    ),
  templateSyntax: (templateId: string) =>
    new NoticeError(
      'template-syntax',
      `Notice template "${templateId}" has an unclosed or empty merge field ("{{" without a name and "}}")`,
      templateId,
    ),
  unknownField: (templateId: string, field: string) =>
    new NoticeError(
      'template-unknown-field',
      `Notice template "${templateId}" uses the unknown merge field "{{${field}}}"`,
      field,
    ),
  missingLegalRemedy: (templateId: string) =>
    new NoticeError(
      'template-missing-legal-remedy',
      `Notice template "${templateId}" is a Bescheid but does not contain {{profile.legalRemedy}}`,
      templateId,
    ),
  caseFieldInvalid: (field: string, expected: string) =>
    new NoticeError('case-field-invalid', `Case field "${field}" must be ${expected}`, field),
  incomplete: (count: number) =>
    new NoticeError(
      'notice-incomplete',
      `The notice still contains ${count} marker(s) for missing values; fill them in before rendering`,
    ),
  versionInvalid: (caseId: string, detail: string) =>
    new NoticeError('notice-version-invalid', `Notice version for case ${caseId}: ${detail}`, caseId),
  p12Invalid: () =>
    new NoticeError('seal-p12-invalid', 'The seal file is not a readable PKCS#12 (.p12/.pfx) container'),
  p12WrongPassword: () =>
    new NoticeError('seal-p12-wrong-password', 'The password for the seal file (PKCS#12) is wrong'),
  p12NoKey: () => new NoticeError('seal-p12-no-key', 'The seal file (PKCS#12) contains no private key'),
  p12NoCertificate: () =>
    new NoticeError(
      'seal-p12-no-certificate',
      'The seal file (PKCS#12) contains no certificate that belongs to its private key',
    ),
  keyUnsupported: (type: string) =>
    new NoticeError(
      'seal-key-unsupported',
      `Seal keys of type "${type}" are not supported; an RSA key is required`,
    ),
  keyTooSmall: (bits: number, minBits: number) =>
    new NoticeError(
      'seal-key-too-small',
      `The seal key has ${bits} bits; at least ${minBits} bits are required`,
    ),
  certificateNotYetValid: (notBefore: Date) =>
    new NoticeError(
      'seal-certificate-not-yet-valid',
      `The seal certificate is valid only from ${notBefore.toISOString()}`,
    ),
  certificateExpired: (notAfter: Date) =>
    new NoticeError('seal-certificate-expired', `The seal certificate expired on ${notAfter.toISOString()}`),
  certificateUsage: () =>
    new NoticeError(
      'seal-certificate-usage',
      'The seal certificate is not allowed for signatures (keyUsage lacks digitalSignature and nonRepudiation)',
    ),
  pdfInvalid: (detail: string) => new NoticeError('seal-pdf-invalid', `The PDF cannot be sealed: ${detail}`),
} as const;
