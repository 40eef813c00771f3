/** The desk's slice of the API: the inbox, the case view, the workflow's steps, notes, saved filters. */
import { z } from 'zod';
import { call, event, type FileContent, id, isoDateTime, none, shortText } from '../../shared/api/call';
import type { ApiErrorBody } from '../../shared/api/result';
import type { Deadline, FollowUp } from '../../shared/cases/deadlines';
import {
  type AttachmentRow,
  type CaseRow,
  caseSortColumns,
  caseStatuses,
  type JsonObject,
  type JsonValue,
  type ListedCase,
  type NoteRow,
  type PlatformStatus,
  verificationStates,
} from '../../shared/cases/types';
import { type CaseAction, caseActions } from '../../shared/cases/workflow';
import type { VerificationReport } from '../fitconnect/api';
import type { BescheidDelivery } from '../notices/delivery-progress';

/** The inbox filter as the renderer may ask for it; the department always comes from the session. */
export const caseListInputSchema = z
  .object({
    status: z.array(z.enum(caseStatuses)).max(caseStatuses.length).optional(),
    service: z.array(shortText).max(100).optional(),
    receivedFrom: isoDateTime.optional(),
    receivedTo: isoDateTime.optional(),
    /** `me`, `unassigned`, or a colleague's user id. */
    assignee: shortText.optional(),
    overdue: z.boolean().optional(),
    /** Team filters: the cases I follow ("Beobachtet"), those of colleagues I cover for ("Vertretung"). */
    scope: z.enum(['followed', 'covered']).optional(),
    verification: z.enum(verificationStates).optional(),
    text: z.string().max(200).optional(),
    sort: z
      .object({ column: z.enum(caseSortColumns), dir: z.enum(['asc', 'desc']) })
      .strict()
      .optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    /** false: no count (a further page of a query whose first page brought the total); default true. */
    withTotal: z.boolean().optional(),
  })
  .strict();
export type CaseListInput = z.input<typeof caseListInputSchema>;

export interface CaseListResult {
  /** The matches, counted up to a cap (`CASE_COUNT_CAP`); null only when the input said `withTotal: false`. */
  total: number | null;
  /** Present when counting stopped at the cap: there are more matches than `total`. */
  moreThanTotal?: true;
  rows: ListedCase[];
  /** The server's clock, so deadlines and "overdue" are judged against one time. */
  now: string;
}

export interface ServiceCount {
  identifier: string;
  name: string;
  count: number;
}

export interface SubmissionView {
  submissionId: string;
  platformStatus: PlatformStatus;
  metadata: JsonObject;
  data: string;
  dataMimeType: string;
  submissionSchemaUri: string;
  verificationReport: VerificationReport | null;
  receivedAt: string;
  /** The service's JSON Schema when known locally, to render the form data with its German titles. */
  schema: JsonValue | null;
}

export interface HistoryEntry {
  at: string;
  /** A person's user id, or `SYSTEM_ACTOR` (main/audit/types.ts). */
  actor: string;
  action: string;
  outcome: string;
  /** Whom a reassign gave the case to, a user id. */
  assignee?: string;
}

export interface CaseView {
  case: CaseRow;
  submissions: SubmissionView[];
  attachments: AttachmentRow[];
  notes: NoteRow[];
  history: HistoryEntry[];
  /** What this person may do with the case now; the workflow in main decides. */
  actions: CaseAction[];
  deadline: Deadline | null;
  /** The date a waiting case waits for (Wiedervorlage, the citizen's reply deadline), beside `deadline`. */
  followUp: FollowUp | null;
  /** Hand-over and archive deliveries of the case, with their state and, once delivered, their receipt. */
  receipts: CaseReceiptView[];
  /** Set when the case's local data was deleted after its retention: the case is a stub. */
  purge: CasePurgeView | null;
  /** How far its Bescheid has got; null while none has been sent. Archived only once `done`. */
  noticeDelivery: BescheidDelivery | null;
}

/**
 * queued: waiting for its first attempt; retrying: an attempt failed and the outbox tries again; failed: a
 * person must act (retry the outbox item); delivered: the receipt is stored on the case.
 */
export type ReceiptState = 'queued' | 'retrying' | 'delivered' | 'failed';

export interface CaseReceiptView {
  kind: 'handover' | 'archive';
  state: ReceiptState;
  /** The outbox item carrying the delivery, for a retry; null when only the receipt is left. */
  outboxItemId: string | null;
  attempts: number;
  /** The code of the last failure (translated by the UI), and its English message. */
  errorCode: string | null;
  errorMessage: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /**
   * hand-over: `adapter` with `directory` (hot folder), `responseId` (HTTP) or `submissionId` (FIT-Connect);
   * archive: `fileName`, `processId`, `sha256`, `bytes`, `files` (hashes), `target`, `responseId` (upload).
   */
  receipt: JsonObject | null;
}

export interface CasePurgeView {
  purgedAt: string;
  /** When the archive in the DMS was confirmed. */
  archivedAt: string | null;
}

export const rejectionInputSchema = z
  .object({
    /** A problem name from the FIT-Connect problem table: only for a technical rejection. */
    problem: shortText.optional(),
    text: z.string().trim().max(2000),
  })
  .strict();

export const transitionInputSchema = z
  .object({
    id,
    action: z.enum(caseActions),
    expectedVersion: z.number().int().min(0),
    rejection: rejectionInputSchema.optional(),
    resubmitAt: isoDateTime.optional(),
    newAssignee: shortText.optional(),
  })
  .strict();

export interface BulkResult {
  /** `error` carries the code (and reason) a single `cases.transition` would have answered with. */
  results: { id: string; ok: boolean; error?: Pick<ApiErrorBody, 'code' | 'reason'> }[];
}

export interface AttachmentContent {
  filename: string;
  mimeType: string;
  size: number;
  /** Base64 of the verified plaintext (the same over IPC and HTTP). */
  base64: string;
}

export interface SavedFilter {
  id: string;
  name: string;
  query: CaseListInput;
}

export interface Colleague {
  userId: string;
  displayName: string;
}

export const deskCalls = {
  'cases.list': call<CaseListResult>()(caseListInputSchema),
  'cases.services': call<ServiceCount[]>()(none),
  'cases.colleagues': call<Colleague[]>()(none),
  'cases.get': call<CaseView>()(z.object({ id }).strict()),
  'cases.transition': call<CaseRow>()(transitionInputSchema),
  'cases.bulkTransition': call<BulkResult>()(
    z.object({ ids: z.array(id).min(1).max(500), action: z.enum(caseActions) }).strict(),
  ),
  'cases.addNote': call<NoteRow>()(z.object({ id, text: z.string().trim().min(1).max(5000) }).strict()),
  'cases.attachment': call<AttachmentContent>()(z.object({ caseId: id, attachmentId: id }).strict()),
  /** The Antragsübersicht (all form data and the attachment list) as PDF, to print or save. */
  'cases.summaryPdf': call<FileContent>()(z.object({ id }).strict()),
  'filters.list': call<SavedFilter[]>()(none),
  'filters.save': call<SavedFilter>()(z.object({ name: shortText, query: caseListInputSchema }).strict()),
  'filters.delete': call<void>()(z.object({ id }).strict()),
} as const;

export const deskEvents = {
  'cases.changed': event<{ ids: string[] }>(),
} as const;
