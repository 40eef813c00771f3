/**
 * What became of a ZBP submission, read from its case's event log as the sender sees it. Every event that
 * decides is verified first: `submit-submission` with the delivery service's key, `accept-submission` and
 * `reject-submission` with the ZBP destination's own, so neither can be forged by the other.
 */
import { SenderError } from '../../fitconnect/sender/errors';
import { decodeSet, type EventName, SetError, type SetProblem, verifySet } from '../../fitconnect/set';
import { DeliveryError } from '../errors';
import type { SubmissionRef } from '../types';
import type { ZbpConnection } from './connection';

export type SubmissionState =
  /** Created, but never submitted (an attempt stopped half-way): it expires on the platform. */
  | { state: 'incomplete' }
  | { state: 'submitted' }
  | { state: 'accepted' }
  | { state: 'rejected'; problems: SetProblem[] };

const DECIDING: readonly EventName[] = ['submit-submission', 'accept-submission', 'reject-submission'];

export async function submissionState(
  connection: ZbpConnection,
  ref: SubmissionRef,
): Promise<SubmissionState> {
  const tokens = await connection.client.caseEvents(ref.caseId);
  let state: SubmissionState = { state: 'incomplete' };
  for (const token of tokens) {
    const decoded = await verified(token, connection, ref);
    if (decoded === undefined) continue;
    const { event, payload } = decoded;
    if (event === 'accept-submission') state = { state: 'accepted' };
    else if (event === 'reject-submission') state = { state: 'rejected', problems: payload.problems ?? [] };
    else if (state.state === 'incomplete') state = { state: 'submitted' };
  }
  return state;
}

/** The event's claims when it is about this submission and decides something; verified before use. */
async function verified(token: string, connection: ZbpConnection, ref: SubmissionRef) {
  try {
    const { claims } = decodeSet(token);
    if (claims.submissionId.toLowerCase() !== ref.submissionId.toLowerCase()) return undefined;
    if (!DECIDING.includes(claims.event)) return undefined;
    // A decision may come only from the ZBP destination itself.
    if (claims.event !== 'submit-submission' && claims.issuer !== ref.destinationId) {
      throw new DeliveryError('zbp-event-log-invalid', {
        submissionId: ref.submissionId,
        detail: `${claims.event} not issued by the ZBP destination`,
      });
    }
    return (await verifySet(token, connection.eventKeys)).claims;
  } catch (error) {
    if (error instanceof DeliveryError || error instanceof SenderError) throw error;
    if (error instanceof SetError) {
      throw new DeliveryError('zbp-event-log-invalid', {
        submissionId: ref.submissionId,
        detail: error.code,
      });
    }
    // The keys could not be fetched (the JWKS endpoint is a network peer too).
    throw new DeliveryError(
      'zbp-unreachable',
      { submissionId: ref.submissionId, detail: 'event log verification keys' },
      { cause: error },
    );
  }
}
