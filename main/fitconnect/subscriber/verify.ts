import { authenticationTag } from '../crypto';
import type { AuthenticationTags, KeyResolver } from '../set';
import type { DataSchemas } from './data-schemas';
import type { ReceivedSubmission } from './receive';
import { buildReport, type CheckOutcome, fail, pass, type SubmissionReport } from './report';
import { checkAttachments } from './verify-attachments';
import { checkData, type DataFindings } from './verify-data';
import { checkEventLog, type TagEvidence, type VerifiedEventLog, verifyEventLog } from './verify-event-log';

export interface VerificationContext {
  schemas: DataSchemas;
  resolveKey: KeyResolver;
  serviceIssuer: string;
  /** Seconds since the epoch. */
  now: number;
  maxClockSkewSeconds: number;
  /**
   * The service identifiers the department profile configures (absent: every service is taken). A
   * submission for another service waits for a person: the profile may just be incomplete.
   */
  configuredServices?: ReadonlySet<string>;
}

export interface SubmissionVerification {
  report: SubmissionReport;
  data: DataFindings;
  log: VerifiedEventLog;
  /** `iat` of the verified submit-submission event (seconds). */
  submittedAt?: number;
  /** Tags of the JWEs actually downloaded: what an accept must carry. */
  tags: AuthenticationTags;
}

/** Every check of §4 over a received submission, in the order a case worker reads them. */
export async function verifySubmission(
  received: ReceivedSubmission,
  context: VerificationContext,
): Promise<SubmissionVerification> {
  const { resource } = received;
  const metadata = received.metadata.metadata;
  const data = checkData({ metadata, data: received.data, schemas: context.schemas });
  const attachments = checkAttachments(
    metadata,
    resource.attachments,
    received.attachments.map((attachment) => attachment.facts),
  );
  const evidence = tagEvidence(received);
  const log = await verifyEventLog(received.eventLog, resource.caseId, context.resolveKey, context);
  const events = checkEventLog(log, resource.submissionId, context.serviceIssuer, evidence, [
    context.serviceIssuer,
    resource.destinationId,
  ]);
  return {
    report: buildReport([
      ...received.metadata.outcomes,
      ...serviceConfigured(resource.serviceType.identifier, context.configuredServices),
      ...data.outcomes,
      ...attachments,
      ...events.outcomes,
    ]),
    data,
    log,
    ...(events.submittedAt === undefined ? {} : { submittedAt: events.submittedAt }),
    tags: evidence.actual,
  };
}

/** The 5th segments of the JWEs as downloaded; parts that could not be read are named instead. */
function tagEvidence(received: ReceivedSubmission): TagEvidence {
  const unreadable = new Set<string>();
  const tagOf = (jwe: string, part: string): string | undefined => {
    try {
      return authenticationTag(jwe);
    } catch {
      unreadable.add(part);
      return undefined;
    }
  };
  const attachments: Record<string, string> = {};
  for (const { facts } of received.attachments) {
    if (facts.decrypted) attachments[facts.attachmentId] = facts.tag;
    else unreadable.add(facts.attachmentId);
  }
  const { encryptedMetadata, encryptedData } = received.resource;
  const data = encryptedData === undefined ? undefined : tagOf(encryptedData, 'data');
  return {
    actual: {
      metadata: tagOf(encryptedMetadata, 'metadata') ?? '',
      ...(data === undefined ? {} : { data }),
      attachments,
    },
    unreadable,
  };
}

/** Whether the department's profile knows the submission's service: a local gap, never the sender's fault. */
function serviceConfigured(identifier: string, configured: ReadonlySet<string> | undefined): CheckOutcome[] {
  if (configured === undefined) return [];
  return [
    configured.has(identifier)
      ? pass(
          'service.configured',
          { reason: 'service.configured' },
          'The department profile configures the service.',
        )
      : fail(
          'service.configured',
          { reason: 'service.not-configured', params: { serviceIdentifier: identifier } },
          'The department profile does not configure this service.',
        ),
  ];
}
