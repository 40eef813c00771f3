/**
 * The notice tables as the delivery handlers see them: a delivery's job (notice, sealed PDF, case, the ZBP
 * submission an earlier attempt recorded) and the records of each attempt, with an audit entry for every
 * outcome a person may need to see.
 */

import { SYSTEM_ACTOR } from '../../../shared/audit/types';
import type { AuditLog } from '../../audit';
import type {
  DeliveryCase,
  DeliveryOutcome,
  NoticeDeliveryJob,
  NoticeDeliveryJobs,
  SubmissionRef,
} from '../../delivery/types';
import { describeFailure } from '../../outbox/attempt';
import { type CaseRow, type JsonObject, type Vault, VaultError } from '../../vault';
import type { DeliveryState } from './records';
import { findDelivery, findNotice, readNoticePdf, updateDelivery } from './store';

export interface DeliveryJobsOptions {
  vault: Pick<Vault, 'transaction' | 'cases'>;
  audit: Pick<AuditLog, 'append'>;
  now(): Date;
}

export function createDeliveryJobs({ vault, audit, now }: DeliveryJobsOptions): NoticeDeliveryJobs {
  const deliveryCase = (caseId: string): DeliveryCase | undefined => {
    let row: CaseRow;
    try {
      row = vault.cases.row(caseId);
    } catch (error) {
      if (error instanceof VaultError && error.code === 'case-not-found') return undefined;
      throw error;
    }
    return {
      id: row.id,
      fitCaseId: row.fitCaseId,
      department: row.department,
      serviceName: row.serviceName,
      fileReference: row.fileReference,
      replyChannel: row.replyChannel,
      levelOfAssurance: row.levelOfAssurance,
    };
  };

  return {
    load: (deliveryId) =>
      vault.transaction((tx) => {
        const delivery = findDelivery(tx, deliveryId);
        const notice = delivery && findNotice(tx, delivery.noticeId);
        const pdf = notice && readNoticePdf(tx, notice.id);
        const forCase = notice && deliveryCase(notice.caseId);
        if (!delivery || !notice || !pdf || !forCase || delivery.channel === 'post') return undefined;
        return {
          deliveryId,
          channel: delivery.channel,
          notice: {
            id: notice.id,
            version: notice.version,
            kind: notice.kind,
            title: notice.title,
            sealedAt: notice.sealedAt,
            pdf,
          },
          case: forCase,
          submission: submissionOf(delivery.receipt),
        } satisfies NoticeDeliveryJob;
      }),
    recordSubmission: (deliveryId, submission) =>
      vault.transaction((tx) =>
        updateDelivery(tx, deliveryId, { state: 'sending', receipt: { ...submission } }, now()),
      ),
    recordOutcome: (deliveryId, outcome) =>
      vault.transaction((tx) => {
        const delivery = findDelivery(tx, deliveryId);
        const notice = delivery && findNotice(tx, delivery.noticeId);
        if (!delivery || !notice) return;
        updateDelivery(tx, deliveryId, patchFor(outcome, delivery.receipt), now());
        // Retries are the outbox's business; what ends an attempt series is recorded.
        if (outcome.kind === 'retry') return;
        audit.append({
          actor: SYSTEM_ACTOR,
          department: deliveryCase(notice.caseId)?.department ?? null,
          caseId: notice.caseId,
          action: 'notice.delivery',
          outcome: outcome.kind === 'delivered' ? 'success' : 'failure',
          details: {
            noticeId: notice.id,
            channel: delivery.channel,
            ...(outcome.kind === 'delivered' ? { repeat: outcome.repeat } : { error: outcome.error.code }),
          },
        });
      }),
    statusCase: deliveryCase,
  };
}

function patchFor(
  outcome: DeliveryOutcome,
  receipt: JsonObject | null,
): { state: DeliveryState; receipt?: JsonObject; lastError: string | null } {
  switch (outcome.kind) {
    case 'delivered':
      return { state: 'delivered', receipt: { ...receipt, ...outcome.receipt }, lastError: null };
    case 'retry':
      return { state: 'retrying', lastError: describeFailure(outcome.error) };
    case 'permanent':
      return { state: 'failed', lastError: describeFailure(outcome.error) };
  }
}

/** The ZBP submission an earlier attempt recorded, if the receipt holds one. */
function submissionOf(receipt: JsonObject | null): SubmissionRef | null {
  const { submissionId, caseId, destinationId } = receipt ?? {};
  return typeof submissionId === 'string' && typeof caseId === 'string' && typeof destinationId === 'string'
    ? { submissionId, caseId, destinationId }
    : null;
}
