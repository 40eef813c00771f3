/**
 * Every error the notices capability throws. Messages are English and name ids or field names only, never
 * personal data; the UI translates by `code`.
 */
import { CodedError } from '../../shared/coded-error';
export type NoticeErrorCode =
  | 'template-invalid'
  | 'template-syntax'
  | 'template-unknown-field'
  | 'template-missing-legal-remedy'
  | 'case-field-invalid'
  | 'notice-incomplete'
  | 'notice-version-invalid';

export class NoticeError extends CodedError<NoticeErrorCode> {
  /** The merge field, case field or template the error is about, when there is one. */
  readonly subject: string | undefined;

  constructor(code: NoticeErrorCode, message: string, subject?: string) {
    super(code, message);
    this.name = 'NoticeError';
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
} as const;
