import { type AuditLog, SYSTEM_ACTOR } from '../../audit';
import type { PlatformStatus, Vault } from '../../vault';
import { SubscriberError } from '../client/errors';
import type { DestinationConnection } from './connections';
import type { OpenSubmissions } from './open-submissions';
import { decisionOf, type VerifiedEventLog, verifyEventLog } from './verify-event-log';

/** Platform statuses in which a submission still awaits pickup. */
export const PENDING_STATUSES: readonly PlatformStatus[] = ['submitted', 'forwarded'];

export interface VanishedContext {
  vault: Vault;
  audit: AuditLog;
  now: () => Date;
  maxClockSkewSeconds: number;
}

/**
 * A stored submission missing from the listing: confirmed by a 404 (a listing may shift while it is paged),
 * then marked with what its case's event log says happened (accepted, rejected, deleted) or `gone` when the
 * log does not tell. Nothing is deleted. True when it was marked.
 */
export async function settleVanished(
  context: VanishedContext,
  destination: DestinationConnection,
  submissionId: string,
  open: OpenSubmissions,
): Promise<boolean> {
  const { vault, audit } = context;
  const stored = vault.cases.findSubmission(submissionId);
  if (stored === null || !PENDING_STATUSES.includes(stored.platformStatus)) {
    vault.transaction(() => open.remove(destination.destinationId, submissionId));
    return false;
  }
  if ((await destination.api.submission(submissionId)) !== null) return false;
  const detail = vault.cases.get(stored.caseId);
  const status = await statusFromLog(context, destination, detail.case.fitCaseId, submissionId);
  vault.transaction(() => {
    vault.cases.setPlatformStatus(submissionId, status);
    open.remove(destination.destinationId, submissionId);
    audit.append({
      actor: SYSTEM_ACTOR,
      department: destination.department,
      caseId: stored.caseId,
      action: 'fitconnect.vanished',
      outcome: 'success',
      details: { submissionId, platformStatus: status },
    });
  });
  return true;
}

async function statusFromLog(
  context: VanishedContext,
  destination: DestinationConnection,
  fitCaseId: string,
  submissionId: string,
): Promise<PlatformStatus> {
  let log: VerifiedEventLog;
  try {
    const tokens = await destination.api.caseEvents(fitCaseId);
    log = await verifyEventLog(tokens, fitCaseId, destination.eventKeys.resolve, {
      now: Math.floor(context.now().getTime() / 1000),
      maxClockSkewSeconds: context.maxClockSkewSeconds,
    });
  } catch (error) {
    // The submission is gone either way; when its log cannot be read, that is all that is known.
    if (error instanceof SubscriberError) return 'gone';
    throw error;
  }
  const decision = decisionOf(log.events, submissionId);
  if (decision === 'deleted') return 'deleted';
  if (decision === undefined) return 'gone';
  return decision.event === 'accept-submission' ? 'accepted' : 'rejected';
}
