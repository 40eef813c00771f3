/** An attachment as a sender has it before encryption, and how the metadata describes it (hash of the plain bytes). */
import { sha512Hex } from './hash';
import type { AttachmentMetadata, AttachmentPurpose } from './metadata';

export interface PlainAttachment {
  attachmentId: string;
  filename: string;
  mimeType: string;
  purpose: AttachmentPurpose;
  description?: string;
  bytes: Uint8Array;
}

export function attachmentMetadata(attachment: PlainAttachment): AttachmentMetadata {
  return {
    attachmentId: attachment.attachmentId,
    hash: { type: 'sha512', content: sha512Hex(attachment.bytes) },
    purpose: attachment.purpose,
    filename: attachment.filename,
    ...(attachment.description === undefined ? {} : { description: attachment.description }),
    mimeType: attachment.mimeType,
  };
}
