import { sha512Hex } from '../../main/fitconnect/hash';
import { type AttachmentMetadata, type Metadata, metadataSchemaUri } from '../../main/fitconnect/metadata';
import type { Application, PlainAttachment } from './application';

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

/** The metadata an online service sends: hashes over the unencrypted bytes, schema reference, reply channel … */
export function buildMetadata(
  app: Application,
  dataBytes: Uint8Array | undefined,
  attachments = app.attachments,
): Metadata {
  return {
    ...(app.metadataVersion === '1.0.0' ? {} : { $schema: metadataSchemaUri(app.metadataVersion) }),
    contentStructure: {
      ...(dataBytes === undefined
        ? {}
        : {
            data: {
              hash: { type: 'sha512', content: sha512Hex(dataBytes) },
              submissionSchema: { schemaUri: app.service.schemaUri, mimeType: app.service.mimeType },
            },
          }),
      attachments: attachments.map(attachmentMetadata),
    },
    publicServiceType: { name: app.service.title, identifier: app.service.identifier },
    ...(app.replyChannel === undefined ? {} : { replyChannel: app.replyChannel }),
    ...(app.paymentInformation === undefined ? {} : { paymentInformation: app.paymentInformation }),
    ...(app.authenticationInformation === undefined
      ? {}
      : { authenticationInformation: app.authenticationInformation }),
    additionalReferenceInfo: { senderReference: app.senderReference, applicationDate: app.applicationDate },
  };
}
