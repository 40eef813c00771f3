/** The shape of FIT-Connect metadata 1.x as Antragsdesk reads and writes it (schema: metadata-schema.ts). */

export const METADATA_SCHEMA_PATTERN =
  /^https:\/\/schema\.fitko\.de\/fit-connect\/metadata\/(\d+)\.(\d+)\.(\d+)\/metadata\.schema\.json$/;

export function metadataSchemaUri(version: string): string {
  return `https://schema.fitko.de/fit-connect/metadata/${version}/metadata.schema.json`;
}

export interface Sha512Hash {
  type: 'sha512';
  content: string;
}

export interface SignatureInfo {
  signatureFormat: 'cms' | 'xml' | 'pdf' | 'asic' | 'json';
  eidasAdesProfile?: string;
  detachedSignature: boolean;
  content?: string;
}

export type AttachmentPurpose = 'form' | 'attachment' | 'report';

export interface AttachmentMetadata {
  attachmentId: string;
  hash: Sha512Hash;
  purpose: AttachmentPurpose;
  filename?: string;
  description?: string;
  mimeType: string;
  signature?: SignatureInfo;
}

export interface DataMetadata {
  hash: Sha512Hash;
  submissionSchema: { schemaUri: string; mimeType: 'application/json' | 'application/xml' };
  signature?: SignatureInfo;
}

export type ReplyChannel =
  | { eMail: { address: string; pgpPublicKey?: string } }
  | { deMail: { address: string } }
  | { fink: { finkPostfachRef: string; host?: string } }
  | { elster: { accountId: string; lieferTicket?: string; geschaeftszeichen?: string } }
  | { idBundDeMailbox: { mailboxUuid: string } };

export interface PaymentInformation {
  transactionUrl?: string;
  transactionId: string;
  transactionReference: string;
  transactionTimestamp?: string;
  paymentMethod: 'GIROPAY' | 'PAYDIRECT' | 'CREDITCARD' | 'PAYPAL' | 'INVOICE' | 'OTHER';
  paymentMethodDetail?: string;
  status: 'INITIAL' | 'BOOKED' | 'FAILED' | 'CANCELED';
  grossAmount?: number;
}

export interface AuthenticationInformation {
  type: 'identificationReport';
  version: string;
  content: string;
}

export interface Metadata {
  $schema?: string;
  contentStructure: { data?: DataMetadata; attachments: AttachmentMetadata[] };
  publicServiceType?: { name?: string; description?: string; identifier: string };
  authenticationInformation?: AuthenticationInformation[];
  paymentInformation?: PaymentInformation;
  replyChannel?: ReplyChannel;
  additionalReferenceInfo?: { senderReference?: string; applicationDate?: string };
}
