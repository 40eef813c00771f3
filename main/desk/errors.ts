import { CodedError } from '../../shared/coded-error';

/**
 * Errors of the desk (inbox, case view, transitions). Messages name ids only; `reason` is the workflow's own
 * cause of a refused transition, and `issues` name the input fields that were missing.
 */
export type DeskErrorCode =
  | 'case-not-found'
  | 'attachment-not-found'
  | 'colleague-cases-forbidden'
  | 'transition-refused'
  | 'transition-input-missing'
  | 'attachment-too-large';

export class DeskError extends CodedError<DeskErrorCode> {
  readonly reason: string | undefined;
  readonly issues: { path: string; message: string }[] | undefined;

  constructor(
    code: DeskErrorCode,
    message: string,
    details: { reason?: string; issues?: { path: string; message: string }[] } = {},
  ) {
    super(code, message);
    this.name = 'DeskError';
    this.reason = details.reason;
    this.issues = details.issues;
  }
}
