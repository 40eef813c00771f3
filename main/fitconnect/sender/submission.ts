/** The three sender steps of one submission: create it (announcing its attachments), upload each, submit. */

import { z } from 'zod';
import { apiPath } from '../../http/path';
import type { SenderTransport } from './transport';

export interface NewSubmission {
  destinationId: string;
  announcedAttachments: string[];
  serviceType: { name: string; identifier: string };
  /** An existing case the submission joins (documents handed in later). */
  caseId?: string;
}

const created = z.object({ submissionId: z.string(), caseId: z.string() });
export type CreatedSubmission = z.infer<typeof created>;

/** An attachment JWE, whole or as a stream made anew for each attempt (a large one is never held). */
export type AttachmentJwe = string | (() => AsyncIterable<Uint8Array>);

export async function createSubmission(
  transport: SenderTransport,
  submission: NewSubmission,
): Promise<CreatedSubmission> {
  return transport.callFor(
    {
      method: 'POST',
      path: '/submissions',
      step: 'create submission',
      body: { json: submission },
      idempotent: false,
    },
    created,
  );
}

export async function uploadAttachment(
  transport: SenderTransport,
  submissionId: string,
  attachmentId: string,
  jwe: AttachmentJwe,
): Promise<void> {
  await transport.call({
    method: 'PUT',
    path: apiPath`/submissions/${submissionId}/attachments/${attachmentId}`,
    step: 'upload attachment',
    body: { jose: typeof jwe === 'string' ? () => jwe : jwe },
    idempotent: true,
  });
}

export async function submitSubmission(
  transport: SenderTransport,
  submissionId: string,
  parts: { encryptedMetadata: string; encryptedData?: string },
): Promise<void> {
  await transport.call({
    method: 'PUT',
    path: apiPath`/submissions/${submissionId}`,
    step: 'submit submission',
    body: { json: parts },
    idempotent: true,
  });
}
