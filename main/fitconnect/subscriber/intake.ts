import { pickupDeadline } from '../../../shared/cases/deadlines';
import type {
  AttachmentIntake,
  CaseIntake,
  CaseRow,
  JsonObject,
  JsonValue,
  AuthenticationTags as StoredTags,
} from '../../../shared/cases/types';
import { applicantNameOf, levelOfAssuranceOf } from './case-fields';
import type { ReceivedSubmission } from './receive';
import type { SubmissionVerification } from './verify';

export interface IntakeInput {
  received: ReceivedSubmission;
  verification: SubmissionVerification;
  department: string;
  /** The case this submission joins (same FIT-Connect case), if it is already stored. */
  existing: CaseRow | undefined;
  /** When the submission was picked up: the receipt time if the log names none. */
  now: Date;
  unnamedApplicant: string;
}

/**
 * The vault record of one submission: case, submission and the attachments that passed decryption and their
 * hash. A submission joining a stored case keeps what the case knows where the new one says nothing (documents
 * handed in later carry no form data), and a failed earlier submission keeps the case failed.
 */
export function buildIntake(input: IntakeInput): CaseIntake {
  const { received, verification, existing } = input;
  const { resource } = received;
  const metadata = received.metadata.metadata;
  const submittedAt =
    verification.submittedAt === undefined
      ? input.now.toISOString()
      : new Date(verification.submittedAt * 1000).toISOString();
  const data = verification.data;
  const passed = verification.report.passed && existing?.verification !== 'failed';
  return {
    case: {
      fitCaseId: resource.caseId,
      department: input.department,
      destinationId: resource.destinationId,
      serviceName:
        metadata?.publicServiceType?.name ??
        resource.serviceType.name ??
        existing?.serviceName ??
        resource.serviceType.identifier,
      serviceIdentifier: metadata?.publicServiceType?.identifier ?? resource.serviceType.identifier,
      applicantName: applicantNameOf(data.value) ?? existing?.applicantName ?? input.unnamedApplicant,
      receivedAt: submittedAt,
      deadlineAt: pickupDeadline(submittedAt).at,
      verification: passed ? 'passed' : 'failed',
      replyChannel: (metadata?.replyChannel as JsonObject | undefined) ?? existing?.replyChannel ?? null,
      levelOfAssurance: levelOfAssuranceOf(metadata) ?? existing?.levelOfAssurance ?? null,
      paymentStatus: metadata?.paymentInformation?.status ?? existing?.paymentStatus ?? null,
    },
    submission: {
      submissionId: resource.submissionId,
      destinationId: resource.destinationId,
      platformStatus: 'submitted',
      metadata: received.metadata.document,
      data: data.text,
      dataMimeType: data.mimeType,
      submissionSchemaUri: data.schemaUri,
      // Plain JSON data by construction (strings, booleans, arrays and objects of them).
      verificationReport: verification.report as unknown as JsonValue,
      // The vault's type wants a data tag, which a submission of documents only does not have (reported to
      // the vault's owner); the tags are stored exactly as FIT-Connect will compare them on accept.
      authenticationTags: verification.tags as StoredTags,
      receivedAt: submittedAt,
    },
    attachments: storedAttachments(received),
  };
}

/** Names, types and purposes come from the metadata; the vault sanitizes the names. */
function storedAttachments(received: ReceivedSubmission): AttachmentIntake[] {
  const described = received.metadata.metadata?.contentStructure.attachments ?? [];
  const stored: AttachmentIntake[] = [];
  for (const { facts, file } of received.attachments) {
    const entry = described.find(
      (candidate) => candidate.attachmentId.toLowerCase() === facts.attachmentId.toLowerCase(),
    );
    if (file === undefined || entry === undefined) continue;
    stored.push({
      attachmentId: facts.attachmentId,
      filename: entry.filename ?? '',
      mimeType: entry.mimeType,
      purpose: entry.purpose,
      file,
    });
  }
  return stored;
}
