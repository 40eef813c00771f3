/**
 * Delivery to the citizen's BundID mailbox: the authority is a FIT-Connect sender to the ZBP destination.
 * A notice goes as a signed envelope with the sealed PDF attached; the ZBP accepts it (filed) or rejects it
 * (with problems) in the case's event log, which decides the outcome.
 *
 * Exactly once, for notices and status updates alike: the submission is recorded (with the delivery, or
 * with the status update's outbox item) before anything is uploaded. An attempt that finds one recorded
 * asks the event log what became of it instead of sending again; only a submission that never completed,
 * or whose rejection was already reported and a person then asked to try again (the outbox starts a fresh
 * series of attempts), is replaced by a new one.
 */

import { channelFor } from '../../../shared/delivery/channel';
import { CryptoError } from '../../fitconnect/crypto';
import { SenderError } from '../../fitconnect/sender/errors';
import { sendSubmission } from '../../fitconnect/sender/send';
import type { SealCredentials } from '../../pki/seal/credentials';
import { DeliveryError, type DeliveryErrorDetails, remoteText } from '../errors';
import { noticeFileName } from '../letter';
import { commonFailure, outcomeOf } from '../outcome';
import type {
  DeliveryCase,
  DeliveryEnvironment,
  DeliveryOutcome,
  NoticeDeliveryJob,
  SubmissionRef,
  ZbpSettings,
} from '../types';
import { type ZbpConnection, ZbpConnections } from './connection';
import { signEnvelope } from './envelope';
import { type SubmissionState, submissionState } from './event-log';
import type { ZbpKind, ZbpStatus } from './fields';
import { noticeMessage, statusUpdate } from './message';
import { type ZbpDocument, zbpSubmission } from './submission';

export interface ZbpChannel {
  /**
   * `attempt` is the outbox's attempt number in the current series (1 after a person's retry);
   * `record` keeps a new submission with the delivery before it is uploaded.
   */
  deliverNotice(
    job: NoticeDeliveryJob,
    attempt: number,
    record: (submission: SubmissionRef) => void,
  ): Promise<DeliveryOutcome>;
  /** As `deliverNotice`: `earlier` is the submission an earlier attempt recorded, if any. */
  deliverStatus(
    deliveryCase: DeliveryCase,
    status: ZbpStatus,
    attempt: number,
    earlier: SubmissionRef | null,
    record: (submission: SubmissionRef) => void,
  ): Promise<DeliveryOutcome>;
}

export function createZbpChannel(env: DeliveryEnvironment): ZbpChannel {
  const connections = new ZbpConnections(env.secrets);

  const settingsOf = (deliveryCase: DeliveryCase, details: DeliveryErrorDetails): ZbpSettings => {
    const settings = env.settings(deliveryCase.department).zbp;
    if (settings === undefined)
      throw new DeliveryError('channel-not-configured', { ...details, detail: 'zbp' });
    return settings;
  };

  /** Whatever keeps the key store from handing out the seal, a person must fix it before it can sign. */
  const sealOf = async (deliveryCase: DeliveryCase): Promise<SealCredentials> => {
    try {
      return await env.sealCredentials(deliveryCase.department);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      throw new DeliveryError(
        'seal-unavailable',
        { caseId: deliveryCase.id, ...(typeof code === 'string' ? { detail: code } : {}) },
        { cause: error },
      );
    }
  };

  /** Signs, encrypts and sends one envelope; returns the submission with what the event log says of it. */
  const send = async (
    connection: ZbpConnection,
    deliveryCase: DeliveryCase,
    kind: ZbpKind,
    content: Readonly<Record<string, unknown>>,
    documents: readonly ZbpDocument[],
    record?: (submission: SubmissionRef) => void,
  ): Promise<{ ref: SubmissionRef; state: SubmissionState }> => {
    const envelope = await signEnvelope(content, await sealOf(deliveryCase), env.now());
    const { destinationId } = connection.settings;
    const key = await connection.client.encryptionKey(destinationId);
    const submission = await zbpSubmission(kind, envelope, documents, key, deliveryCase.id);
    const sent = await sendSubmission(connection.client, destinationId, submission, undefined, (created) =>
      record?.({ ...created, destinationId }),
    );
    const ref = { submissionId: sent.submissionId, caseId: sent.caseId, destinationId };
    return { ref, state: await submissionState(connection, ref) };
  };

  return {
    async deliverNotice(job, attempt, record) {
      const details = { caseId: job.case.id, noticeId: job.notice.id };
      try {
        const target = channelFor(job.case.replyChannel);
        if (target.channel !== 'zbp') throw new DeliveryError('reply-channel-invalid', details);
        const settings = settingsOf(job.case, details);
        const connection = await connections.get(settings, job.case.id);

        const earlier = await earlierState(connection, job.submission, attempt);
        if (earlier && job.submission) return noticeOutcome(earlier, job.submission, true, details);

        const fileName = noticeFileName(job.notice, job.case);
        const message = noticeMessage(job, target.mailboxUuid, fileName, {
          senderName: env.settings(job.case.department).senderName,
          ...(settings.defaultStorkQaaLevel === undefined
            ? {}
            : { defaultStorkQaaLevel: settings.defaultStorkQaaLevel }),
        });
        const { ref, state } = await send(
          connection,
          job.case,
          'message',
          message,
          [{ filename: fileName, mimeType: 'application/pdf', bytes: job.notice.pdf }],
          record,
        );
        return noticeOutcome(state, ref, false, details);
      } catch (error) {
        return outcomeOf(zbpFailure(error, details));
      }
    },

    async deliverStatus(deliveryCase, status, attempt, earlier, record) {
      const details = { caseId: deliveryCase.id };
      try {
        const settings = settingsOf(deliveryCase, details);
        const connection = await connections.get(settings, deliveryCase.id);
        const found = await earlierState(connection, earlier, attempt);
        if (found && earlier) return statusOutcome(found, earlier, true, details);
        const update = statusUpdate(
          deliveryCase,
          status,
          env.settings(deliveryCase.department).senderName,
          env.now(),
        );
        const { ref, state } = await send(connection, deliveryCase, 'status', update, [], record);
        return statusOutcome(state, ref, false, details);
      } catch (error) {
        return outcomeOf(zbpFailure(error, details));
      }
    },
  };
}

/**
 * What became of the submission an earlier attempt created, or null when there is none or it is to be
 * replaced. Accepted or still pending: report it, never send twice. Rejected: report it too, unless that
 * was reported already and a person asked to try again. Incomplete: it never arrived; send anew.
 */
async function earlierState(
  connection: ZbpConnection,
  earlier: SubmissionRef | null,
  attempt: number,
): Promise<SubmissionState | null> {
  if (earlier === null) return null;
  const state = await submissionState(connection, earlier);
  const sendAnew = state.state === 'incomplete' || (state.state === 'rejected' && attempt <= 1);
  return sendAnew ? null : state;
}

function statusOutcome(
  state: SubmissionState,
  ref: SubmissionRef,
  earlier: boolean,
  details: DeliveryErrorDetails,
): DeliveryOutcome {
  if (state.state === 'rejected') return outcomeOf(rejection(state, ref, details));
  // A status not yet confirmed counts as sent: sending it again would only repeat it.
  return {
    kind: 'delivered',
    receipt: { ...ref, confirmed: state.state === 'accepted' },
    repeat: earlier,
  };
}

function noticeOutcome(
  state: SubmissionState,
  ref: SubmissionRef,
  earlier: boolean,
  details: DeliveryErrorDetails,
): DeliveryOutcome {
  switch (state.state) {
    case 'accepted':
      return { kind: 'delivered', receipt: { ...ref }, repeat: earlier };
    case 'rejected':
      return outcomeOf(rejection(state, ref, details));
    default:
      return outcomeOf(new DeliveryError('zbp-unconfirmed', { ...details, submissionId: ref.submissionId }));
  }
}

/** The ZBP's reasons, as it gave them in its problems: type name, part and (bounded) detail. */
function rejection(
  state: Extract<SubmissionState, { state: 'rejected' }>,
  ref: SubmissionRef,
  details: DeliveryErrorDetails,
): DeliveryError {
  const problems = state.problems.map((problem) => {
    const name = problem.type.slice(problem.type.lastIndexOf('/') + 1);
    const detail = remoteText(problem.detail);
    return `${remoteText(name)} at ${remoteText(problem.instance)}${detail === undefined ? '' : `: ${detail}`}`;
  });
  return new DeliveryError('zbp-rejected', {
    ...details,
    submissionId: ref.submissionId,
    problem: problems.join(' | ') || 'none given',
  });
}

function zbpFailure(error: unknown, details: DeliveryErrorDetails): DeliveryError {
  const common = commonFailure(error, details);
  if (common !== null) return common;
  if (error instanceof SenderError) {
    const { status, problem: remote } = error.details;
    const withStatus = { ...details, ...(status === undefined ? {} : { status }) };
    if (error.retryable) return new DeliveryError('zbp-unreachable', withStatus, { cause: error });
    if (error.code === 'token-error' || status === 401 || status === 403) {
      return new DeliveryError('zbp-credentials-refused', withStatus, { cause: error });
    }
    const problem = remoteText(remote?.type?.slice(remote.type.lastIndexOf('/') + 1));
    return new DeliveryError(
      'zbp-refused',
      { ...withStatus, ...(problem === undefined ? {} : { problem }) },
      { cause: error },
    );
  }
  if (error instanceof CryptoError) {
    return new DeliveryError('zbp-refused', { ...details, detail: `destination key ${error.code}` });
  }
  throw error;
}
