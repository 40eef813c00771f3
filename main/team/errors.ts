import { CodedError } from '../../shared/coded-error';

/** Errors of team work; messages name ids only. */
export type TeamErrorCode = 'absence-not-found';

export class TeamError extends CodedError<TeamErrorCode> {
  constructor(code: TeamErrorCode, message: string) {
    super(code, message);
    this.name = 'TeamError';
  }
}
