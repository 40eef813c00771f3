import { attachmentMetadata } from '../../main/fitconnect/attachment-metadata';
import { sha512Hex } from '../../main/fitconnect/hash';
import { type Metadata, metadataSchemaUri } from '../../main/fitconnect/metadata';
import type { Application } from './application';

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
