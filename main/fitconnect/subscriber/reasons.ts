import type { VerificationParams } from '../api';
import type { CryptoErrorCode } from '../crypto';

/**
 * Every reason a check outcome can give, with the names of the parameters its sentence uses. The UI says
 * each reason in German or English from these parameters; they hold ids, counts, types and schema
 * references, never personal data. A parameter named `count` chooses the plural form; one ending in `At`
 * is an ISO timestamp; a list names parts (`metadata`, `data`) or attachments by id.
 */
export const VERIFICATION_REASONS = {
  'metadata.decrypted': [],
  'metadata.not-json': [],
  'metadata.unsupported-version': [],
  'metadata.schema-violated': ['count', 'issues'],
  'metadata.schema-valid': ['version'],
  'metadata.service-matches': [],
  'metadata.service-differs': [],
  'service.configured': [],
  'service.not-configured': ['serviceIdentifier'],
  'decrypt.invalid-key': [],
  'decrypt.invalid-jwe': [],
  'decrypt.unsupported-algorithm': [],
  'decrypt.unknown-kid': [],
  'decrypt.decryption-failed': [],
  'decrypt.decompression-limit': [],
  'data.missing': [],
  'data.undescribed': [],
  'data.absent': [],
  'data.decrypted': [],
  'data.hash-matches': [],
  'data.hash-differs': [],
  'data.encrypted-as-other': ['encryptedAs', 'declared'],
  'data.schema-type-differs': ['expected', 'declared'],
  'data.type-matches': ['declared'],
  'data.malformed': ['declared'],
  'data.schema-unknown': ['schemaUri'],
  'data.schema-valid': ['schemaUri'],
  'data.schema-violated': ['schemaUri', 'count', 'issues'],
  'attachments.complete': ['count'],
  'attachments.missing': ['missing'],
  'attachments.extra': ['extra'],
  'attachments.missing-and-extra': ['missing', 'extra'],
  'attachment.decrypted': [],
  'attachment.hash-matches': [],
  'attachment.hash-differs': [],
  'attachment.encrypted-as-other': ['encryptedAs', 'declared'],
  'attachment.content-differs': ['declared'],
  'attachment.content-matches': ['declared'],
  'attachment.type-unchecked': ['declared'],
  'events.all-verified': ['count'],
  'events.refused': ['count', 'total', 'tokens'],
  'events.issuer-unknown': ['issuers'],
  'events.submit-missing': [],
  'events.submit-duplicate': [],
  'events.submit-verified': ['issuedAt'],
  'tags.missing': [],
  'tags.match': [],
  'tags.differ': ['parts'],
} as const satisfies Record<string, readonly string[]>;

export type VerificationReason = keyof typeof VERIFICATION_REASONS;

type ParamsOf<R extends VerificationReason> = Record<
  (typeof VERIFICATION_REASONS)[R][number],
  VerificationParams[string]
>;

/** A reason with exactly the parameters its sentence needs (none for most). */
export type Reasoned = {
  [R in VerificationReason]: (typeof VERIFICATION_REASONS)[R] extends readonly []
    ? { reason: R }
    : { reason: R; params: ParamsOf<R> };
}[VerificationReason];

/** Why a part could not be decrypted; the check it belongs to names the part. */
export function decryptFailure(code: CryptoErrorCode): Reasoned {
  return { reason: `decrypt.${code}` };
}
