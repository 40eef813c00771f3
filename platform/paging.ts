import { ApiProblem } from './problems';
import { FIT_CONNECT } from './settings';

export interface Paging {
  offset: number;
  limit: number;
}

const WHOLE_NUMBER = /^(0|[1-9]\d{0,8})$/;

/** `offset` ≥ 0 (default 0), `limit` 1…500 (default 100); anything else is a 400, never silently clamped. */
export function parsePaging(query: URLSearchParams): Paging {
  const offsetText = query.get('offset');
  const limitText = query.get('limit');
  const offset = offsetText === null ? 0 : WHOLE_NUMBER.test(offsetText) ? Number(offsetText) : Number.NaN;
  const limit =
    limitText === null
      ? FIT_CONNECT.pageLimitDefault
      : WHOLE_NUMBER.test(limitText)
        ? Number(limitText)
        : Number.NaN;
  if (Number.isNaN(offset)) throw new ApiProblem('invalid-request', 'offset must be a whole number ≥ 0.');
  if (Number.isNaN(limit) || limit < 1 || limit > FIT_CONNECT.pageLimitMax) {
    throw new ApiProblem(
      'invalid-request',
      `limit must be a whole number from 1 to ${FIT_CONNECT.pageLimitMax}.`,
    );
  }
  return { offset, limit };
}
