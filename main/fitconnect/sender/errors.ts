/**
 * Failures of the FIT-Connect sender client. The code says where it failed; the HTTP status (when there
 * is one) says whether asking again may help, so callers map both to their own codes at their edge.
 */

import { CodedError } from '../../../shared/coded-error';
import { classifyStatus, type RemoteProblem } from '../../http/response';

export type SenderErrorCode = 'http-error' | 'network-error' | 'token-error' | 'invalid-response';

const messages: Record<SenderErrorCode, string> = {
  'http-error': 'The Submission API answered with an error status.',
  'network-error': 'The Submission API could not be reached.',
  'token-error': 'No access token could be obtained.',
  'invalid-response': 'The Submission API gave an answer that could not be used.',
};

export interface SenderErrorDetails {
  /** The sender step that failed (`create submission`, `upload attachment` …), never content. */
  step?: string;
  status?: number;
  /** The RFC 7807 problem of an error answer, cleaned and bounded. */
  problem?: RemoteProblem;
}

export class SenderError extends CodedError<SenderErrorCode> {
  constructor(
    code: SenderErrorCode,
    readonly details: SenderErrorDetails = {},
    options?: ErrorOptions,
  ) {
    const context = [details.step, details.status === undefined ? undefined : String(details.status)]
      .filter((part) => part !== undefined)
      .join(', ');
    super(code, context === '' ? messages[code] : `${messages[code]} (${context})`, options);
    this.name = 'SenderError';
  }

  get status(): number | undefined {
    return this.details.status;
  }

  /** Unreachable, busy or failing (5xx, 408, 425, 429): asking again later may succeed. */
  get retryable(): boolean {
    if (this.code === 'network-error') return true;
    return this.details.status !== undefined && classifyStatus(this.details.status) === 'retry';
  }
}
