/**
 * Errors of the notice service (sealing, versions, sending), one table of codes and English messages; they
 * name ids only. Errors of composing, rendering and sealing keep the notices capability's own codes.
 */
import { CodedError } from '../../../shared/coded-error';

export type NoticeServiceErrorCode =
  | 'template-not-found'
  | 'draft-invalid'
  | 'notice-not-found'
  | 'notice-pdf-altered'
  | 'delivery-not-found'
  | 'delivery-not-printable';

const messages: Record<NoticeServiceErrorCode, string> = {
  'template-not-found': 'The notice template does not exist.',
  'draft-invalid': 'The edited notice is not a valid notice draft.',
  'notice-not-found': 'The notice does not exist.',
  'notice-pdf-altered': 'The stored PDF of the notice no longer matches the one that was sealed.',
  'delivery-not-found': 'The notice has no delivery on this channel.',
  'delivery-not-printable': 'Only a notice that is to be printed and posted can be marked as posted.',
};

export class NoticeServiceError extends CodedError<NoticeServiceErrorCode> {
  constructor(code: NoticeServiceErrorCode, subject: string, options?: ErrorOptions) {
    super(code, `${messages[code]} [${subject}]`, options);
    this.name = 'NoticeServiceError';
  }
}
