/**
 * The BundID mailbox (Zentrales Bürgerpostfach, ZBP) as an authority reaches it over FIT-Connect: as a
 * sender to the ZBP destination. Service identifiers come from the reference note; the data schema URI of
 * messages too; the field names, limits and token rules come from a third-party client and are
 * **unconfirmed** against FITKO's schema, as is everything about status updates beyond their field names.
 * This module is the one place to correct them; the platform's ZBP stand-in reads the same schemas.
 */
import { z } from 'zod';
import { zbpStatuses } from '../../outbox/items';

export const ZBP = {
  message: {
    identifier: 'urn:schema-fitko-de:fit-connect:id.bund.de:message_v6',
    name: 'Nachricht an das BundID-Postfach',
    schemaUri: 'https://schema.fitko.de/fit-connect/id.bund.de/message_v6/1.0.0/zbp-message.schema.json',
  },
  status: {
    identifier: 'urn:schema-fitko-de:fit-connect:id.bund.de:status_v6',
    name: 'Statusmeldung an das BundID-Postfach',
    /** Unconfirmed: named after the message schema. */
    schemaUri: 'https://schema.fitko.de/fit-connect/id.bund.de/status_v6/1.0.0/zbp-status.schema.json',
  },
  /** The envelope's `sha512sum`: RSA PKCS#1 v1.5 over the content's UTF-8 bytes with SHA-512, base64. */
  contentSignatureDigest: 'sha512',
  authorToken: {
    algorithm: 'RS512',
    lifetimeSeconds: 30 * 60,
    role: 'THIRD_PARTY',
  },
} as const;

export type ZbpKind = 'message' | 'status';

/** The signed envelope: the FIT-Connect data of every ZBP submission. */
export const envelopeSchema = z.strictObject({
  /** The message or status as a JSON string: exactly the bytes that were signed. */
  content: z.string().min(2),
  sha512sum: z.base64().min(1),
  authorToken: z.string().min(1),
  authorCertificate: z.string().includes('-----BEGIN CERTIFICATE-----'),
});
export type ZbpEnvelope = z.infer<typeof envelopeSchema>;

/** What the author token says, besides `iat` and `exp`. */
export const authorTokenClaimsSchema = z.object({
  signer: z.string().min(1),
  roles: z.array(z.string()),
  iat: z.number().int(),
  exp: z.number().int(),
});

export const storkQaaLevels = [1, 2, 3, 4] as const;
export type StorkQaaLevel = (typeof storkQaaLevels)[number];

const sha512Hex = z.string().regex(/^[a-f0-9]{128}$/);

export const messageSchema = z.strictObject({
  stork_qaa_level: z.literal(storkQaaLevels),
  mailboxUuid: z.guid(),
  sender: z.string().min(1).max(255),
  title: z.string().min(1).max(1024),
  content: z.string().min(1),
  service: z.string().min(1).max(255),
  applicationId: z.guid().optional(),
  retrievalConfirmationAddress: z.string().max(255).optional(),
  replyAddress: z.string().max(255).optional(),
  reference: z.string().max(255).optional(),
  senderUrl: z.url().optional(),
  attachments: z.array(
    z.strictObject({
      filename: z.string().min(1).max(255),
      sha512sum: sha512Hex,
      contentLength: z.number().int().nonnegative(),
    }),
  ),
});
export type ZbpMessage = z.infer<typeof messageSchema>;

// The status list lives with the outbox item that carries a status, so the outbox needs nothing from here.
export { type ZbpStatus, zbpStatuses } from '../../outbox/items';

const germanText = z.strictObject({ de: z.string().min(1).max(4000) });

export const statusSchema = z.strictObject({
  applicationId: z.guid(),
  status: z.enum(zbpStatuses),
  publicServiceName: germanText,
  senderName: z.string().min(1).max(255),
  createdDate: z.iso.datetime({ offset: true }),
  statusDetails: germanText.optional(),
  additionalInformation: germanText.optional(),
  reference: z.string().max(255).optional(),
});
export type ZbpStatusUpdate = z.infer<typeof statusSchema>;

/** eIDAS level of assurance (as the identification report names it) → STORK QAA level. */
export const storkLevelOfAssurance: Readonly<Record<string, StorkQaaLevel>> = {
  low: 2,
  substantial: 3,
  high: 4,
};
