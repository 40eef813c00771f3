/**
 * The vault's data model as other services see it. Times are ISO-8601 UTC strings with milliseconds
 * (`2025-03-01T09:30:00.000Z`): the vault normalizes every time it stores, so they sort as text.
 * JSON columns come back parsed. Key material of attachments never leaves the vault.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Where a case stands in the department's workflow (the state machine lives in `main/cases`). */
export const caseStatuses = [
  'new',
  'in_review',
  'accepted',
  'rejected',
  'handed_over',
  'notice_sent',
  'archived',
  'closed',
  'inquiry',
  'resubmission',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/**
 * Statuses in which a decision has been made, so a passed deadline no longer makes a case overdue.
 * Everything else (including `accepted`, which only means FIT-Connect pickup was confirmed) still counts.
 */
export const settledCaseStatuses: readonly CaseStatus[] = ['rejected', 'notice_sent', 'archived', 'closed'];

/** Outcome of the receiver-side checks of FIT-Connect §4 for the case's submissions. */
export const verificationStates = ['passed', 'failed', 'pending'] as const;
export type Verification = (typeof verificationStates)[number];

/**
 * A submission's status on the delivery service. `gone` means the platform no longer serves it (404 after
 * accept/reject, or deleted after the 14-day auto-reject); the vault keeps its copy.
 */
export const platformStatuses = [
  'submitted',
  'forwarded',
  'accepted',
  'rejected',
  'deleted',
  'gone',
] as const;
export type PlatformStatus = (typeof platformStatuses)[number];

export const attachmentPurposes = ['form', 'attachment', 'report'] as const;
export type AttachmentPurpose = (typeof attachmentPurposes)[number];

/** One case (Vorgang): one FIT-Connect case with its submissions, as the department works on it. */
export interface CaseRow {
  /** Internal id (uuid v4), stable for the life of the case. */
  id: string;
  /** FIT-Connect `caseId`; unique. A later submission of the same FIT-Connect case joins this row. */
  fitCaseId: string;
  /** Department (Fachbereich) that owns the case; every listing is scoped by it. */
  department: string;
  /** FIT-Connect destination (Zustellpunkt) the case arrived at. */
  destinationId: string;
  serviceName: string;
  /** Leika identifier, e.g. `urn:de:fim:leika:leistung:99050012104000`. */
  serviceIdentifier: string;
  /** Personal data. Shown to case workers and searchable; never logged. */
  applicantName: string;
  /** Aktenzeichen, once assigned. */
  fileReference: string | null;
  status: CaseStatus;
  receivedAt: string;
  /** The next deadline that makes the case overdue when passed (e.g. the platform's auto-reject). */
  deadlineAt: string | null;
  /** User id of the case worker who claimed the case. */
  assignee: string | null;
  verification: Verification;
  /** The metadata's `replyChannel` object (exactly one of eMail, deMail, fink, elster, idBundDeMailbox). */
  replyChannel: JsonObject | null;
  /** eID level of assurance from the authentication information, e.g. `substantial`. */
  levelOfAssurance: string | null;
  /** `paymentInformation.status` from the metadata, when the service takes payment. */
  paymentStatus: string | null;
  createdAt: string;
  updatedAt: string;
  /** Incremented on every change; writers pass the version they read (optimistic locking). */
  version: number;
}

/** The authentication tags (5th JWE segments) from the `submit-submission` event. */
export interface AuthenticationTags {
  metadata: string;
  data: string;
  attachments: Record<string, string>;
}

/** One FIT-Connect submission (Einreichung), decrypted. */
export interface SubmissionRow {
  submissionId: string;
  /** Internal case id (`CaseRow.id`). */
  caseId: string;
  destinationId: string;
  platformStatus: PlatformStatus;
  /** The decrypted metadata document. */
  metadata: JsonObject;
  /** The decrypted form data as received (JSON or XML text). */
  data: string;
  dataMimeType: string;
  submissionSchemaUri: string;
  /** The verification module's report; structure owned by `main/fitconnect`. */
  verificationReport: JsonValue;
  authenticationTags: AuthenticationTags | null;
  receivedAt: string;
}

/** An attachment's description; its bytes are read through `vault.attachments`. */
export interface AttachmentRow {
  /** Vault id of the stored file (uuid); also the file's name on disk. */
  id: string;
  submissionId: string;
  /** FIT-Connect attachment id from the metadata. */
  attachmentId: string;
  /** Sanitized; safe to use as a file name. Personal data (names often appear in file names). */
  filename: string;
  mimeType: string;
  purpose: AttachmentPurpose;
  /** Plaintext size in bytes. */
  size: number;
  /** SHA-512 of the plaintext, lowercase hex (comparable with the metadata hash). */
  sha512: string;
}

/** A case worker's note on a case. */
export interface NoteRow {
  id: string;
  caseId: string;
  /** User id of the author. */
  author: string;
  /** Personal data may appear here. */
  text: string;
  createdAt: string;
}

/** A case with everything stored for it. */
export interface CaseDetail {
  case: CaseRow;
  submissions: SubmissionRow[];
  attachments: AttachmentRow[];
}

/** What the encrypted attachment store returns for a written file: store it with the intake. */
export interface StoredAttachmentFile {
  /** Becomes `AttachmentRow.id`. */
  id: string;
  size: number;
  sha512: string;
  /** AES-256-GCM key, nonce and tag of this one file. */
  key: Uint8Array;
  nonce: Uint8Array;
  tag: Uint8Array;
  /** Path relative to the vault's attachment folder. */
  storagePath: string;
}

/** A case as received from FIT-Connect, before the workflow touches it. */
export interface CaseIntakeFields {
  fitCaseId: string;
  department: string;
  destinationId: string;
  serviceName: string;
  serviceIdentifier: string;
  applicantName: string;
  receivedAt: string;
  deadlineAt: string | null;
  verification: Verification;
  replyChannel: JsonObject | null;
  levelOfAssurance: string | null;
  paymentStatus: string | null;
  /** Only when the sender already assigned one; otherwise `main/cases` assigns it later. */
  fileReference?: string | null;
}

export type SubmissionIntake = Omit<SubmissionRow, 'caseId'>;

export interface AttachmentIntake {
  attachmentId: string;
  /** As the sender named it; the vault sanitizes it. */
  filename: string;
  mimeType: string;
  purpose: AttachmentPurpose;
  file: StoredAttachmentFile;
}

/** Everything sync stores for one submission, in one transaction. */
export interface CaseIntake {
  case: CaseIntakeFields;
  submission: SubmissionIntake;
  attachments: AttachmentIntake[];
}

/** Fields the workflow may change; each change bumps the version. */
export interface CasePatch {
  status?: CaseStatus;
  assignee?: string | null;
  fileReference?: string | null;
  deadlineAt?: string | null;
  paymentStatus?: string | null;
}

export const caseSortColumns = [
  'receivedAt',
  'deadlineAt',
  'applicantName',
  'fileReference',
  'serviceName',
  'status',
  'updatedAt',
  'assignee',
  'verification',
] as const;
export type CaseSortColumn = (typeof caseSortColumns)[number];

/** Marks "cases nobody has claimed" in `CaseQuery.assignee`. */
export const UNASSIGNED = 'unassigned';

/** The inbox filter. Every listing is scoped to one department. */
export interface CaseQuery {
  department: string;
  status?: readonly CaseStatus[];
  /** Service identifiers (Leika). */
  service?: readonly string[];
  /** Inclusive lower bound of `receivedAt`. */
  receivedFrom?: string;
  /** Exclusive upper bound of `receivedAt`. */
  receivedTo?: string;
  /** A user id, or `UNASSIGNED`. */
  assignee?: string;
  /** Cases assigned to one of these user ids (the absent colleagues a deputy covers for). */
  assigneeIn?: readonly string[];
  /** Only cases this user follows. */
  followedBy?: string;
  /**
   * Only cases this user may see without Teamleitung: unassigned ones, their own, those they follow and
   * those of `visibleAssignees` (colleagues they cover for).
   */
  visibleTo?: string;
  visibleAssignees?: readonly string[];
  /** Only cases whose deadline passed before `now` and that are not settled. */
  overdue?: { now: string };
  verification?: Verification;
  /** Words typed by the user; every word must match, the last one as a prefix. */
  text?: string;
  sort?: { column: CaseSortColumn; dir: 'asc' | 'desc' };
  offset?: number;
  /** 1–500, default 50. */
  limit?: number;
  /** Count the matches (default true). A further page of a query already counted need not count again. */
  withTotal?: boolean;
  /** Count no further than this (default `CASE_COUNT_CAP`); more matches make the total a lower bound. */
  countUpTo?: number;
}

/**
 * The inbox counts its matches only this far: an exact count walks every match (100,000 cases: tens of
 * milliseconds of database time per query), while a person needs no more than "more than 1,000".
 */
export const CASE_COUNT_CAP = 1000;

/** A row of the inbox list: just what the list shows. */
/** A sent Bescheid not yet with the citizen: being delivered, failed, or still to be printed and posted. */
export type BescheidOnItsWay = 'underway' | 'failed' | 'print';

export interface InboxRow {
  id: string;
  fileReference: string | null;
  applicantName: string;
  serviceName: string;
  status: CaseStatus;
  receivedAt: string;
  deadlineAt: string | null;
  assignee: string | null;
  verification: Verification;
  version: number;
}

/** An inbox row as the desk lists it. */
export interface ListedCase extends InboxRow {
  /** For a `notice_sent` case whose Bescheid has not reached the citizen or the post yet. */
  noticeDelivery?: BescheidOnItsWay;
}

export interface CaseList {
  /**
   * The matches of the filter, ignoring offset and limit, counted up to the query's cap; null when the
   * query asked for no total.
   */
  total: number | null;
  /** Present when counting stopped at the cap: there are more matches than `total`. */
  moreThanTotal?: true;
  rows: InboxRow[];
}
