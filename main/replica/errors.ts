/** Errors of the offline replica; messages name ids only, never note or draft text. */
import { CodedError } from '../../shared/coded-error';

export type ReplicaErrorCode = 'needs-service';

const messages: Record<ReplicaErrorCode, string> = {
  'needs-service': 'This step needs the department service; it cannot be done offline.',
};

export class ReplicaError extends CodedError<ReplicaErrorCode> {
  constructor(code: ReplicaErrorCode, detail?: string) {
    super(code, detail ? `${messages[code]} [${detail}]` : messages[code]);
    this.name = 'ReplicaError';
  }
}
