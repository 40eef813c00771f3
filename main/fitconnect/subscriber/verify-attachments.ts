import type { CryptoErrorCode } from '../crypto';
import type { Metadata } from '../metadata';
import { contentMatchesType, normalizeMimeType } from './content-type';
import { decryptFailureDetail } from './decrypt-outcome';
import { decryptFailure, type Reasoned } from './reasons';
import { type CheckOutcome, fail, pass, problem } from './report';

/** What downloading and decrypting one attachment showed (its bytes went to the vault, if anywhere). */
export type AttachmentFacts =
  | { attachmentId: string; decrypted: false; code: CryptoErrorCode }
  | {
      attachmentId: string;
      decrypted: true;
      sha512: string;
      size: number;
      /** The first bytes, to judge the content type. */
      head: Uint8Array;
      /** The JWE's `cty`. */
      contentType: string | undefined;
      /** The JWE's authentication tag. */
      tag: string;
    };

/**
 * §4.3: every attachment decrypts and matches its hash and declared type; the ids in the metadata are exactly
 * the submission's. Without valid metadata only decryption can be judged.
 */
export function checkAttachments(
  metadata: Metadata | undefined,
  submissionAttachmentIds: readonly string[],
  facts: readonly AttachmentFacts[],
): CheckOutcome[] {
  const described = new Map(
    (metadata?.contentStructure.attachments ?? []).map((entry) => [entry.attachmentId.toLowerCase(), entry]),
  );
  const outcomes: CheckOutcome[] = [];
  if (metadata !== undefined) outcomes.push(checkComplete([...described.keys()], submissionAttachmentIds));
  for (const fact of facts) {
    const id = fact.attachmentId;
    if (!fact.decrypted) {
      outcomes.push(
        fail(
          `attachment.decrypt:${id}`,
          decryptFailure(fact.code),
          decryptFailureDetail(`Attachment ${id}`, fact.code),
          problem('encryption-issue', { attachmentId: id }),
        ),
      );
      continue;
    }
    outcomes.push(
      pass(
        `attachment.decrypt:${id}`,
        { reason: 'attachment.decrypted' },
        `Attachment ${id} decrypted and its integrity tag verified.`,
      ),
    );
    const entry = described.get(id.toLowerCase());
    if (entry === undefined) continue;
    outcomes.push(
      fact.sha512 === entry.hash.content
        ? pass(
            `attachment.hash:${id}`,
            { reason: 'attachment.hash-matches' },
            `The SHA-512 of attachment ${id} matches the metadata.`,
          )
        : fail(
            `attachment.hash:${id}`,
            { reason: 'attachment.hash-differs' },
            `The SHA-512 of attachment ${id} differs from the metadata (altered, or swapped with another submission's).`,
            problem('hash-mismatch', { attachmentId: id }),
          ),
    );
    outcomes.push(checkType(id, entry.mimeType, fact));
  }
  return outcomes;
}

function checkComplete(described: readonly string[], delivered: readonly string[]): CheckOutcome {
  const deliveredIds = new Set(delivered.map((id) => id.toLowerCase()));
  const describedIds = new Set(described);
  const missing = described.filter((id) => !deliveredIds.has(id)).sort();
  const extra = [...deliveredIds].filter((id) => !describedIds.has(id)).sort();
  if (missing.length === 0 && extra.length === 0) {
    return pass(
      'attachments.complete',
      { reason: 'attachments.complete', params: { count: described.length } },
      `The ${described.length} attachments of the metadata were all delivered.`,
    );
  }
  const details = [
    missing.length > 0 ? `described but not delivered: ${missing.join(', ')}` : undefined,
    extra.length > 0 ? `delivered but not described: ${extra.join(', ')}` : undefined,
  ].filter(Boolean);
  return fail(
    'attachments.complete',
    differenceReason(missing, extra),
    `The attachments differ from the metadata (${details.join('; ')}).`,
    ...missing.map((attachmentId) => problem('missing-attachment', { attachmentId })),
    ...(extra.length > 0 ? [problem('attachments-mismatch', 'submission')] : []),
  );
}

function differenceReason(missing: string[], extra: string[]): Reasoned {
  if (missing.length === 0) return { reason: 'attachments.extra', params: { extra } };
  if (extra.length === 0) return { reason: 'attachments.missing', params: { missing } };
  return { reason: 'attachments.missing-and-extra', params: { missing, extra } };
}

function checkType(
  id: string,
  declared: string,
  fact: Extract<AttachmentFacts, { decrypted: true }>,
): CheckOutcome {
  const check = `attachment.mime-type:${id}`;
  // The table has no mime type problem (unconfirmed table): "attachments do not match" is the closest.
  const mismatch = (said: Reasoned, detail: string) =>
    fail(check, said, detail, problem('attachments-mismatch', 'submission'));
  const type = normalizeMimeType(declared);
  if (fact.contentType !== undefined && normalizeMimeType(fact.contentType) !== type) {
    const encryptedAs = normalizeMimeType(fact.contentType);
    return mismatch(
      { reason: 'attachment.encrypted-as-other', params: { encryptedAs, declared } },
      `Attachment ${id} is encrypted as ${encryptedAs}, but declared as ${declared}.`,
    );
  }
  switch (contentMatchesType(declared, fact.head)) {
    case false:
      return mismatch(
        { reason: 'attachment.content-differs', params: { declared: type } },
        `The content of attachment ${id} is not ${type} as declared.`,
      );
    case true:
      return pass(
        check,
        { reason: 'attachment.content-matches', params: { declared: type } },
        `The content of attachment ${id} is ${type} as declared.`,
      );
    default:
      return pass(
        check,
        { reason: 'attachment.type-unchecked', params: { declared: type } },
        `Attachment ${id} is declared as ${type}, a type not checked by content.`,
      );
  }
}
