import { authenticationTag } from './crypto';
import type { AuthenticationTags } from './set';

export interface EncryptedParts {
  metadata: string;
  data?: string;
  /** Attachment JWEs by attachment id. */
  attachments: ReadonlyMap<string, string>;
}

export interface TagMismatch {
  part: 'metadata' | 'data' | 'attachment';
  attachmentId?: string;
  /** missing: expected but not in `actual`; unexpected: in `actual` only; different: both, not equal. */
  reason: 'missing' | 'unexpected' | 'different';
}

/** The tags of the JWEs actually held, in the shape of a SET's `authenticationTags`. */
export function authenticationTagsOf(parts: EncryptedParts): AuthenticationTags {
  return {
    metadata: authenticationTag(parts.metadata),
    ...(parts.data === undefined ? {} : { data: authenticationTag(parts.data) }),
    attachments: Object.fromEntries([...parts.attachments].map(([id, jwe]) => [id, authenticationTag(jwe)])),
  };
}

/** Every difference between two tag sets; empty when they are equal (this is what detects swapped parts). */
export function compareAuthenticationTags(
  expected: AuthenticationTags,
  actual: AuthenticationTags,
): TagMismatch[] {
  const mismatches: TagMismatch[] = [];
  const compare = (part: TagMismatch['part'], want?: string, have?: string, attachmentId?: string) => {
    if (want === have) return;
    const reason = have === undefined ? 'missing' : want === undefined ? 'unexpected' : 'different';
    mismatches.push({ part, reason, ...(attachmentId === undefined ? {} : { attachmentId }) });
  };
  compare('metadata', expected.metadata, actual.metadata);
  compare('data', expected.data, actual.data);
  const ids = new Set([...Object.keys(expected.attachments), ...Object.keys(actual.attachments)]);
  for (const id of [...ids].sort())
    compare('attachment', expected.attachments[id], actual.attachments[id], id);
  return mismatches;
}
