import { z } from 'zod';
import {
  type InstanceKind,
  PROBLEM_TYPE_PREFIX,
  REJECTION_PROBLEMS,
  type RejectionProblemName,
  rejectionProblem,
} from '../../../shared/fitconnect/problems';
import { type AuditLog, SYSTEM_ACTOR } from '../../audit';
import type { HandlerResult, OutboxHandler } from '../../outbox';
import type { JsonValue, PlatformStatus, SubmissionRow, Vault } from '../../vault';
import { errorCode, isTransient } from '../client/errors';
import { type AuthenticationTags, type EventPayload, type SetProblem, signSet } from '../set';
import type { DestinationConnection, SubscriberConnections } from './connections';
import { decisionOf, verifyEventLog } from './verify-event-log';

export interface EventHandlerDependencies {
  vault: Vault;
  audit: AuditLog;
  connections: SubscriberConnections;
  now?: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the desk enqueues as a `fitconnect.event` (see main/desk/desk-service.ts). */
const eventItem = z.object({
  event: z.enum(['accept-submission', 'reject-submission']),
  submissionId: z.string().regex(UUID),
  /** A problem name from the rejection problem table. */
  problem: z.string().optional(),
  text: z.string().optional(),
});
type EventItem = z.infer<typeof eventItem>;

/** Why an event cannot be delivered, as stored on the outbox row: codes and ids only. */
const FAILURES = {
  'invalid-payload': 'The outbox item is not a FIT-Connect accept or reject.',
  'submission-not-stored': 'The submission is not in the vault.',
  'missing-authentication-tags': 'No authentication tags were stored at intake; an accept cannot be built.',
  'unknown-problem': 'The rejection reason is not in the problem table.',
  'problem-needs-attachment': 'This rejection reason must name an attachment, and the report names none.',
  'already-decided': 'The submission was decided otherwise before.',
  'no-longer-available':
    'The submission is no longer available on the platform, and its event log shows no decision.',
} as const;

const MAX_ERROR_LENGTH = 300;
/** Where a problem the case worker chose applies, when the verification report suggests no instance. */
const INSTANCE_PREFERENCE: readonly Exclude<InstanceKind, 'attachment'>[] = [
  'submission',
  'data',
  'metadata',
];

/**
 * The outbox handler for `fitconnect.event`: signs the accept or reject SET with the destination's key
 * (PS512, `iss` the destination, the tags stored at intake or the chosen problems) and posts it to the case.
 * 204 is delivered; 409 is delivered as a repeat when the log already holds our decision; 422 and other
 * refusals are permanent; 5xx and transport faults are retried by the outbox. A delivery sets the submission's
 * platform status.
 */
export function createFitConnectEventHandler(deps: EventHandlerDependencies): OutboxHandler {
  const { vault, audit, connections } = deps;
  const now = deps.now ?? (() => new Date());

  return async (item) => {
    const parsed = eventItem.safeParse(item.payload);
    if (!parsed.success) return permanent('invalid-payload');
    const request = parsed.data;
    const stored = vault.cases.findSubmission(request.submissionId);
    if (stored === null) return permanent('submission-not-stored');
    const detail = vault.cases.get(stored.caseId);
    const submission = detail.submissions.find((row) => row.submissionId === request.submissionId);
    if (submission === undefined) return permanent('submission-not-stored');
    const payload = eventPayload(request, submission);
    if (typeof payload === 'string') return permanent(payload);

    const context: Delivery = {
      request,
      caseId: stored.caseId,
      department: detail.case.department,
      fitCaseId: detail.case.fitCaseId,
    };
    try {
      const destination = connections.destination(submission.destinationId);
      const token = await signSet(
        {
          issuer: destination.destinationId,
          submissionId: request.submissionId,
          caseId: context.fitCaseId,
          event: request.event,
          payload,
          issuedAt: Math.floor(now().getTime() / 1000),
        },
        destination.signingKey,
      );
      const posted = await destination.api.postEvent(context.fitCaseId, token);
      if (posted.status >= 200 && posted.status < 300) return delivered(context, false, posted.status);
      if (posted.status === 409) return await reconcile(destination, context);
      if (posted.status >= 500 || posted.status === 429)
        return { kind: 'retry', error: `server-error (${posted.status})` };
      return refused(
        context,
        `event-refused (${posted.status})${posted.problemTitle ? `: ${posted.problemTitle}` : ''}`,
      );
    } catch (error) {
      if (isTransient(error)) return { kind: 'retry', error: errorCode(error) };
      return refused(context, errorCode(error));
    }
  };

  /** 409: the submission awaits no decision. Ours already in the log counts as delivered. */
  async function reconcile(destination: DestinationConnection, context: Delivery): Promise<HandlerResult> {
    const tokens = await destination.api.caseEvents(context.fitCaseId);
    const log = await verifyEventLog(tokens, context.fitCaseId, destination.eventKeys.resolve, {
      now: Math.floor(now().getTime() / 1000),
      maxClockSkewSeconds: connections.settings.maxClockSkewSeconds,
    });
    const decision = decisionOf(log.events, context.request.submissionId);
    if (decision === undefined || decision === 'deleted') {
      return refused(context, failureText('no-longer-available'));
    }
    if (decision.event === context.request.event && decision.issuer === destination.destinationId) {
      return delivered(context, true, 409);
    }
    record(context, statusOf(decision.event), 'failure');
    return permanent('already-decided');
  }

  function delivered(context: Delivery, repeat: boolean, status: number): HandlerResult {
    record(context, statusOf(context.request.event), 'success', repeat);
    return { kind: 'delivered', receipt: { status, event: context.request.event }, repeat };
  }

  function refused(context: Delivery, error: string): HandlerResult {
    vault.transaction(() => appendAudit(context, 'failure', { code: error.split(':')[0] ?? error }));
    return { kind: 'permanent', error: error.slice(0, MAX_ERROR_LENGTH) };
  }

  /** The platform status as the log now has it, with the audit entry, in one transaction. */
  function record(
    context: Delivery,
    status: PlatformStatus,
    outcome: 'success' | 'failure',
    repeat = false,
  ): void {
    vault.transaction(() => {
      vault.cases.setPlatformStatus(context.request.submissionId, status);
      appendAudit(context, outcome, { platformStatus: status, repeat });
    });
  }

  function appendAudit(
    context: Delivery,
    outcome: 'success' | 'failure',
    details: Record<string, string | boolean>,
  ): void {
    audit.append({
      actor: SYSTEM_ACTOR,
      department: context.department,
      caseId: context.caseId,
      action: `fitconnect.${context.request.event}`,
      outcome,
      details: { submissionId: context.request.submissionId, ...details },
    });
  }
}

interface Delivery {
  request: EventItem;
  caseId: string;
  department: string;
  fitCaseId: string;
}

function failureText(code: keyof typeof FAILURES): string {
  return `${code}: ${FAILURES[code]}`;
}

function permanent(code: keyof typeof FAILURES): HandlerResult {
  return { kind: 'permanent', error: failureText(code) };
}

function statusOf(event: EventItem['event']): PlatformStatus {
  return event === 'accept-submission' ? 'accepted' : 'rejected';
}

/** The event's payload, or the failure code that prevents it. */
function eventPayload(request: EventItem, submission: SubmissionRow): EventPayload | keyof typeof FAILURES {
  if (request.event === 'accept-submission') {
    const tags = submission.authenticationTags;
    if (tags === null) return 'missing-authentication-tags';
    // Stored exactly as read at intake; a submission of documents only has no data tag.
    const authenticationTags: AuthenticationTags = {
      metadata: tags.metadata,
      ...(tags.data === undefined ? {} : { data: tags.data }),
      attachments: tags.attachments,
    };
    return { authenticationTags };
  }
  const name = request.problem;
  if (name === undefined || !Object.hasOwn(REJECTION_PROBLEMS, name)) return 'unknown-problem';
  const problems = rejectionProblems(
    name as RejectionProblemName,
    request.text,
    submission.verificationReport,
  );
  return problems === undefined ? 'problem-needs-attachment' : { problems };
}

/**
 * The chosen problem at the parts the verification report found it (e.g. each swapped attachment), or at
 * the most general part the table allows; the case worker's text becomes the detail.
 */
function rejectionProblems(
  name: RejectionProblemName,
  text: string | undefined,
  report: JsonValue,
): SetProblem[] | undefined {
  const written = text?.trim() || undefined;
  const found = suggestedProblems(report).filter(
    (candidate) => candidate.type === PROBLEM_TYPE_PREFIX + name,
  );
  if (found.length > 0)
    return found.map((candidate) => ({ ...candidate, detail: written ?? candidate.detail ?? '' }));
  const allowed = REJECTION_PROBLEMS[name].instances as readonly InstanceKind[];
  const instance = INSTANCE_PREFERENCE.find((kind) => allowed.includes(kind));
  if (instance === undefined) return undefined;
  return [rejectionProblem(name, instance, written ?? REJECTION_PROBLEMS[name].title)];
}

const storedProblem = z.object({
  type: z.string(),
  title: z.string(),
  detail: z.string().optional(),
  instance: z.string(),
});

function suggestedProblems(report: JsonValue): SetProblem[] {
  const parsed = z.object({ suggestedProblems: z.array(storedProblem) }).safeParse(report);
  return parsed.success ? parsed.data.suggestedProblems : [];
}
