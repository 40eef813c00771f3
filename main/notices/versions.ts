import { createHash } from 'node:crypto';
import { noticeErrors } from './errors';
import type { NoticeKind } from './template';

/**
 * A sealed notice. It never changes: a correction is sealed and recorded as the next version of the
 * same case, and the earlier versions stay as they were (they were delivered and may be cited).
 */
export interface NoticeVersion {
  readonly id: string;
  readonly caseId: string;
  /** 1 for the first sealed notice of a case, then +1 per correction. */
  readonly version: number;
  readonly kind: NoticeKind;
  /** The sealed words as plain text (see noticePlainText). */
  readonly text: string;
  /** ISO 8601 instant of sealing. */
  readonly sealedAt: string;
  /** SHA-512 of the sealed PDF bytes, lowercase hex. */
  readonly sha512: string;
}

export interface SealedNotice {
  readonly id: string;
  readonly caseId: string;
  readonly kind: NoticeKind;
  readonly text: string;
  readonly sealedAt: Date;
  readonly pdf: Uint8Array;
}

export function sha512Hex(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('hex');
}

/** The version with the highest number, i.e. the one in force. */
export function currentNoticeVersion(history: readonly NoticeVersion[]): NoticeVersion | undefined {
  return history.reduce<NoticeVersion | undefined>(
    (current, candidate) =>
      current === undefined || candidate.version > current.version ? candidate : current,
    undefined,
  );
}

/**
 * Records a sealed PDF as the next version of its case's notice history. The history must be that
 * case's; ids are unique and sealing times never go backwards, so the order of versions is the order
 * in which they were issued.
 */
export function recordNoticeVersion(history: readonly NoticeVersion[], sealed: SealedNotice): NoticeVersion {
  if (Number.isNaN(sealed.sealedAt.getTime()))
    throw noticeErrors.versionInvalid(sealed.caseId, 'invalid sealing time');
  if (history.some((entry) => entry.caseId !== sealed.caseId)) {
    throw noticeErrors.versionInvalid(sealed.caseId, 'history belongs to another case');
  }
  if (history.some((entry) => entry.id === sealed.id)) {
    throw noticeErrors.versionInvalid(sealed.caseId, `version id ${sealed.id} already exists`);
  }
  const current = currentNoticeVersion(history);
  if (current && Date.parse(current.sealedAt) > sealed.sealedAt.getTime()) {
    throw noticeErrors.versionInvalid(sealed.caseId, `sealed before version ${current.version}`);
  }
  return Object.freeze({
    id: sealed.id,
    caseId: sealed.caseId,
    version: (current?.version ?? 0) + 1,
    kind: sealed.kind,
    text: sealed.text,
    sealedAt: sealed.sealedAt.toISOString(),
    sha512: sha512Hex(sealed.pdf),
  });
}

/** Whether these bytes are exactly the PDF that was sealed as this version. */
export function isSealedPdfOf(version: NoticeVersion, pdf: Uint8Array): boolean {
  return sha512Hex(pdf) === version.sha512;
}
