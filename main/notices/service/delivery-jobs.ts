/**
 * The notice tables as the delivery handlers see them: a delivery's job (notice, sealed PDF, case, the ZBP
 * submission an earlier attempt recorded) and the records of each attempt, with an audit entry for every
 * outcome a person may need to see.
 */

import { SYSTEM_ACTOR } from '../../../shared/audit/types';
import type { AuditStore } from '../../audit/log';
import type {
  DeliveryCase,
  DeliveryOutcome,
  NoticeDeliveryJob,
  NoticeDeliveryJobs,
  SubmissionRef,
} from '../../delivery/types';
import { describeFailure } from '../../outbox/attempt';
import { type CaseRow, type JsonObject, VaultError } from '../../vault';
import type { Transactional } from '../../vault/async';
import type { CaseStore } from '../../vault/store-types';
import type { DeliveryState } from './records';
import type { NoticeStore } from './store';

interface DeliveryRecords {
  cases: CaseStore;
  notices: NoticeStore;
  audit: AuditStore;
}

export interface DeliveryJobsOptions {
  store: DeliveryRecords & Transactional<DeliveryRecords>;
  now(): Date;
}

export function createDeliveryJobs({ store, now }: DeliveryJobsOptions): NoticeDeliveryJobs {
  const deliveryCase = async (cases: CaseStore, caseId: string): Promise<DeliveryCase | undefined> => {
    let row: CaseRow;
    try {
      row = await cases.row(caseId);
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
      store.transaction(async (tx) => {
        const delivery = await tx.notices.findDelivery(deliveryId);
        const notice = delivery && (await tx.notices.findNotice(delivery.noticeId));
        const pdf = notice && (await tx.notices.readNoticePdf(notice.id));
        const forCase = notice && (await deliveryCase(tx.cases, notice.caseId));
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
          delivered: delivery.state === 'delivered' ? (delivery.receipt ?? {}) : null,
        } satisfies NoticeDeliveryJob;
      }),
    recordSubmission: (deliveryId, submission) =>
      store.notices.updateDelivery(deliveryId, { state: 'sending', receipt: { ...submission } }, now()),
    recordOutcome: (deliveryId, outcome) =>
      store.transaction(async (tx) => {
        const delivery = await tx.notices.findDelivery(deliveryId);
        const notice = delivery && (await tx.notices.findNotice(delivery.noticeId));
        if (!delivery || !notice) return;
        await tx.notices.updateDelivery(deliveryId, patchFor(outcome, delivery.receipt), now());
        // Retries are the outbox's business; what ends an attempt series is recorded.
        if (outcome.kind === 'retry') return;
        await tx.audit.append({
          actor: SYSTEM_ACTOR,
          department: (await deliveryCase(tx.cases, notice.caseId))?.department ?? null,
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
    statusCase: (caseId) => deliveryCase(store.cases, caseId),
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
