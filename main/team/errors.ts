import { CodedError } from '../../shared/coded-error';

/** Errors of team work; messages name ids only. `reason` is why a hand-over to a colleague was refused. */
export type TeamErrorCode = 'absence-not-found' | 'case-not-found' | 'transition-refused';

export class TeamError extends CodedError<TeamErrorCode> {
  readonly reason: string | undefined;

  constructor(code: TeamErrorCode, message: string, details: { reason?: string } = {}) {
    super(code, message);
    this.name = 'TeamError';
    this.reason = details.reason;
  }
}
