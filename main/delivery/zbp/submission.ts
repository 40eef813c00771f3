/**
 * A ZBP submission, encrypted to the ZBP destination's key: the signed envelope as data, the sealed PDF as a
 * FIT-Connect attachment, and metadata with the hashes of both (checked against the metadata schema before
 * it leaves). The result is what the sender flow uploads.
 */
import { randomUUID } from 'node:crypto';
import { attachmentMetadata, type PlainAttachment } from '../../fitconnect/attachment-metadata';
import { type EncryptionKey, encryptPart } from '../../fitconnect/crypto';
import { sha512Hex } from '../../fitconnect/hash';
import type { Metadata } from '../../fitconnect/metadata';
import { validateMetadata } from '../../fitconnect/metadata-schema';
import type { EncryptedSubmission } from '../../fitconnect/sender/send';
import { DeliveryError } from '../errors';
import { ZBP, type ZbpEnvelope, type ZbpKind } from './fields';

export interface ZbpDocument {
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
}

export async function zbpSubmission(
  kind: ZbpKind,
  envelope: ZbpEnvelope,
  documents: readonly ZbpDocument[],
  key: EncryptionKey,
  caseId: string,
): Promise<EncryptedSubmission> {
  const service = ZBP[kind];
  const data = Buffer.from(JSON.stringify(envelope), 'utf8');
  const attachments: PlainAttachment[] = documents.map((document) => ({
    attachmentId: randomUUID(),
    filename: document.filename,
    mimeType: document.mimeType,
    purpose: 'attachment',
    bytes: document.bytes,
  }));
  const metadata: Metadata = {
    contentStructure: {
      data: {
        hash: { type: 'sha512', content: sha512Hex(data) },
        submissionSchema: { schemaUri: service.schemaUri, mimeType: 'application/json' },
      },
      attachments: attachments.map(attachmentMetadata),
    },
    publicServiceType: { name: service.name, identifier: service.identifier },
  };
  const validation = validateMetadata(metadata);
  if (!validation.ok) {
    const paths = [...new Set(validation.issues.map((issue) => issue.path))].join(', ');
    throw new DeliveryError('zbp-message-invalid', {
      caseId,
      detail: `metadata ${validation.code} at ${paths}`,
    });
  }
  const encrypted = new Map<string, string>();
  for (const attachment of attachments) {
    encrypted.set(
      attachment.attachmentId,
      await encryptPart(attachment.bytes, key, { contentType: attachment.mimeType }),
    );
  }
  return {
    serviceType: { name: service.name, identifier: service.identifier },
    attachments: encrypted,
    encryptedMetadata: await encryptPart(Buffer.from(JSON.stringify(metadata), 'utf8'), key, {
      contentType: 'application/json',
    }),
    encryptedData: await encryptPart(data, key, { contentType: 'application/json' }),
    metadata,
  };
}
