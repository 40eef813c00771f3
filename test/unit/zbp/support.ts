/**
 * Sending to the platform's ZBP the way Antragsdesk does (signed envelope, encrypted submission, the sender
 * flow), but with the message under the test's control, so that the ZBP's checks and pages can be probed.
 */
import { randomUUID } from 'node:crypto';
import { signEnvelope } from '../../../main/delivery/zbp/envelope';
import type { ZbpKind, ZbpMessage } from '../../../main/delivery/zbp/fields';
import { type ZbpDocument, zbpSubmission } from '../../../main/delivery/zbp/submission';
import { sha512Hex } from '../../../main/fitconnect/hash';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import { sendSubmission } from '../../../main/fitconnect/sender/send';
import { decodeSet, type SetClaims } from '../../../main/fitconnect/set';
import type { SealCredentials } from '../../../main/notices';
import type { RunningPlatform } from '../../../platform/index';

export function zbpSender(platform: RunningPlatform): SenderClient {
  return new SenderClient({
    baseUrl: platform.url,
    tokenUrl: platform.tokenUrl,
    clientId: platform.zbp.sender.clientId,
    clientSecret: platform.zbp.sender.clientSecret,
  });
}

export const pdfDocument: ZbpDocument = {
  filename: 'Bescheid_32.1-BPA-2025_0042.pdf',
  mimeType: 'application/pdf',
  bytes: Buffer.from('%PDF-1.7\n% ein versiegelter Bescheid\n%%EOF\n'),
};

export function message(mailboxUuid: string, overrides: Partial<ZbpMessage> = {}): ZbpMessage {
  return {
    stork_qaa_level: 3,
    mailboxUuid,
    sender: 'Stadt Musterhausen',
    title: 'Bescheid über Ihren Antrag auf einen Bewohnerparkausweis',
    content: 'Guten Tag,\n\nanbei Ihr Bescheid.',
    service: 'Bewohnerparkausweis',
    applicationId: randomUUID(),
    reference: '32.1-BPA-2025/0042',
    attachments: [
      {
        filename: pdfDocument.filename,
        sha512sum: sha512Hex(pdfDocument.bytes),
        contentLength: pdfDocument.bytes.byteLength,
      },
    ],
    ...overrides,
  };
}

export interface Sent {
  submissionId: string;
  caseId: string;
  /** The claims of the ZBP's decision in the sender's event log. */
  decision: SetClaims | undefined;
}

/** Sends one envelope to the ZBP and reads the decision back from the sender's own event log. */
export async function sendToZbp(
  platform: RunningPlatform,
  content: Readonly<Record<string, unknown>>,
  seal: SealCredentials,
  options: { kind?: ZbpKind; documents?: readonly ZbpDocument[]; signedAt?: Date } = {},
): Promise<Sent> {
  const client = zbpSender(platform);
  const { destinationId } = platform.zbp;
  const envelope = await signEnvelope(content, seal, options.signedAt ?? new Date());
  const submission = await zbpSubmission(
    options.kind ?? 'message',
    envelope,
    options.documents ?? [pdfDocument],
    await client.encryptionKey(destinationId),
    'test-case',
  );
  const sent = await sendSubmission(client, destinationId, submission);
  const decision = (await client.caseEvents(sent.caseId))
    .map((token) => decodeSet(token).claims)
    .find((claims) => claims.event === 'accept-submission' || claims.event === 'reject-submission');
  return { submissionId: sent.submissionId, caseId: sent.caseId, decision };
}
