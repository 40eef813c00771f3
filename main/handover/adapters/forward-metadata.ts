/**
 * The metadata of a forwarded application: the original document, with its content structure rebuilt for
 * the parts actually sent, so that every hash matches the bytes the receiving destination decrypts.
 */
import type { AttachmentMetadata, DataMetadata, Metadata } from '../../fitconnect/metadata';
import type { HandoverAttachment, HandoverCase } from '../types';

export interface ForwardedData {
  sha512: string;
  /** The data's bytes are those received: a detached signature over them still holds. */
  asReceived: boolean;
}

export interface ExtraAttachment {
  attachmentId: string;
  sha512: string;
  filename: string;
  mimeType: string;
  description: string;
}

export function forwardedMetadata(
  handoverCase: HandoverCase,
  data: ForwardedData,
  extra: readonly ExtraAttachment[],
): Metadata {
  const original = handoverCase.metadata as Partial<Metadata>;
  const originalData = original.contentStructure?.data;
  const dataMetadata: Partial<DataMetadata> = {
    hash: { type: 'sha512', content: data.sha512 },
    ...(originalData?.submissionSchema === undefined
      ? {}
      : { submissionSchema: originalData.submissionSchema }),
    ...(data.asReceived && originalData?.signature !== undefined
      ? { signature: originalData.signature }
      : {}),
  };
  const originals = new Map(
    (original.contentStructure?.attachments ?? []).map((attachment) => [attachment.attachmentId, attachment]),
  );
  return {
    ...original,
    contentStructure: {
      // Checked against the metadata schema before anything is sent; a missing schema reference fails there.
      data: dataMetadata as DataMetadata,
      attachments: [
        ...handoverCase.attachments.map((attachment) =>
          attachmentMetadata(attachment, originals.get(attachment.attachmentId)),
        ),
        ...extra.map(
          (attachment): AttachmentMetadata => ({
            attachmentId: attachment.attachmentId,
            hash: { type: 'sha512', content: attachment.sha512 },
            purpose: 'report',
            filename: attachment.filename,
            description: attachment.description,
            mimeType: attachment.mimeType,
          }),
        ),
      ],
    },
  };
}

/** The original entry (description, signature) with what the case verified: hash, type, name. */
function attachmentMetadata(
  attachment: HandoverAttachment,
  original: AttachmentMetadata | undefined,
): AttachmentMetadata {
  return {
    ...original,
    attachmentId: attachment.attachmentId,
    hash: { type: 'sha512', content: attachment.sha512 },
    purpose: original?.purpose ?? attachment.purpose ?? 'attachment',
    filename: attachment.filename,
    mimeType: attachment.mimeType,
  };
}
