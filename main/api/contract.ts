/**
 * The one API contract between the renderer and the services. Every call has a name, a zod schema for its
 * input and a result type; every event from main to the renderer has a name and a payload type. The preload
 * bridge, main's IPC registration, the loopback server for browser mode and the renderer's client are all
 * derived from these two tables, so a call cannot exist in one transport only.
 *
 * Pure module: zod and types only. The renderer imports it for types alone.
 */
import { z } from 'zod';
import type { Principal } from '../auth/roles';
import type { Deadline, FollowUp } from '../cases/deadlines';
import { type CaseAction, caseActions } from '../cases/workflow';
import type { NoticeDraft } from '../notices/compose';
import { noticeDraftSchema } from '../notices/service/draft';
import type { NoticeDeliveryView, NoticeView, SendResult } from '../notices/service/records';
import type { NoticeKind } from '../notices/template';
import {
  type AttachmentRow,
  type CaseRow,
  caseSortColumns,
  caseStatuses,
  type InboxRow,
  type JsonObject,
  type JsonValue,
  type NoteRow,
  type PlatformStatus,
  verificationStates,
} from '../vault/types';
import type { ApiErrorBody } from './result';

/** A call's input schema, with its result type carried as a phantom so it costs nothing at run time. */
export interface CallSpec<I extends z.ZodType, R> {
  readonly input: I;
  readonly __result?: R;
}

const call =
  <R>() =>
  <I extends z.ZodType>(input: I): CallSpec<I, R> => ({ input });

export interface EventSpec<P> {
  readonly __payload?: P;
}
const event = <P>(): EventSpec<P> => ({});

const none = z.object({}).strict();

// ---- result and payload types ----

export type Transport = 'ipc' | 'http';

export interface AppInfo {
  name: string;
  version: string;
  /** `desktop` in Electron, `browser` when served over loopback HTTP. */
  mode: 'desktop' | 'browser';
  demo: boolean;
  electron: string | null;
  node: string;
  locale: string;
}

export interface SyncProgress {
  phase: 'listing' | 'fetching' | 'done' | 'failed';
  done: number;
  total: number;
  bytes: number;
}

export interface OutboxCounts {
  pending: number;
  inFlight: number;
  failed: number;
  delivered: number;
}

export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];

/** Plain, non-secret per-user settings (kept in electron-store on the desktop). */
export const userSettingsSchema = z
  .object({
    language: z.enum(languages),
    theme: z.enum(['system', 'light', 'dark']),
  })
  .strict();
export type UserSettings = z.infer<typeof userSettingsSchema>;
const userSettingsPatch = userSettingsSchema.partial().strict();

export type { Principal, Role } from '../auth/roles';

/**
 * Where sign-in stands at this workstation; the principal is absent only when signed out. `idleMinutes`:
 * after how long without input the session locks (the department profile sets it).
 */
export type SessionState =
  | { status: 'no-profile' }
  | { status: 'signed-out'; departmentName: string }
  | { status: 'signed-in' | 'locked'; principal: Principal; departmentName: string; idleMinutes: number };

/** Where a profile sends records or archives to; tokens stay in the key store. */
export type ProfileTargetSummary =
  | { kind: 'hotFolder'; path: string }
  | { kind: 'http'; url: string }
  | { kind: 'fitconnect'; destinationId: string };

/** An imported department profile as settings show it: nothing secret, only names, ids and dates. */
export interface ProfileSummary {
  departmentId: string;
  departmentName: string;
  authorityName: string;
  demo: boolean;
  importedAt: string;
  issuer: string;
  idleMinutes: number;
  destinations: {
    destinationId: string;
    name: string;
    decryptionKeyIds: string[];
    signingKeyIds: string[];
  }[];
  seal: { subject: string; issuer: string; validTo: string };
  handover: ProfileTargetSummary;
  archive: ProfileTargetSummary;
  services: { identifier: string; name: string }[];
}

export interface ProfilesView {
  profiles: ProfileSummary[];
  /** The file IT rolled out (picked up at start), if there is one. */
  managedPath: string | null;
}

export interface ProfileImportResult {
  session: SessionState;
  profile: ProfileSummary;
}

const id = z.string().uuid();
const isoDateTime = z.string().datetime({ offset: true });
const shortText = z.string().trim().min(1).max(200);

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
  /** null only when the input said `withTotal: false`. */
  total: number | null;
  rows: InboxRow[];
  /** The server's clock, so deadlines and "overdue" are judged against one time. */
  now: string;
}

export interface ServiceCount {
  identifier: string;
  name: string;
  count: number;
}

export interface VerificationCheck {
  /** Stable id of the check, e.g. `metadata.schema`, `data.hash`, `attachment.hash:<id>`. */
  check: string;
  passed: boolean;
  /**
   * Stable code of why it passed or failed (see `main/fitconnect/subscriber/reasons.ts`), which the UI says
   * with `params`. Reports stored by earlier versions have neither; the UI then shows `detail`.
   */
  reason?: string;
  params?: VerificationParams;
  /** Why it passed or failed in English words, for logs and exported reports (no personal data). */
  detail: string;
}

/** Ids, counts, types, schema references and ISO timestamps; never personal data. */
export type VerificationParams = Record<string, string | number | string[]>;

export interface VerificationReport {
  passed: boolean;
  checks: VerificationCheck[];
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

export interface PurgeResult {
  purged: number;
  failed: number;
}

export const rejectionInputSchema = z
  .object({
    /** A problem name from the FIT-Connect problem table. */
    problem: shortText,
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

export interface HandoverPreview {
  format: 'json' | 'xml';
  fileName: string;
  text: string;
  /** Optional fields the mapping found no value for. */
  problems: { target: string; reason: string }[];
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

export interface SyncStatus {
  running: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  online: boolean;
}

export interface SyncSummary {
  listed: number;
  fetched: number;
  failed: number;
  gone: number;
}

export const outboxStates = ['pending', 'in_flight', 'delivered', 'failed'] as const;

export interface OutboxItemView {
  id: string;
  type: string;
  caseId: string | null;
  state: (typeof outboxStates)[number];
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

/** A file the renderer may show, print or save: a sealed notice, a preview, an Antragsübersicht. */
export interface FileContent {
  filename: string;
  mimeType: string;
  base64: string;
}

export interface NoticeTemplateInfo {
  id: string;
  kind: NoticeKind;
  title: string;
}

export type { NoticeDeliveryView, NoticeDraft, NoticeView, SendResult };

export interface Colleague {
  userId: string;
  displayName: string;
}

// ---- the tables ----

export const calls = {
  'app.info': call<AppInfo>()(none),
  'settings.get': call<UserSettings>()(none),
  'settings.update': call<UserSettings>()(userSettingsPatch),
  'session.current': call<SessionState>()(none),
  'session.signIn': call<SessionState>()(none),
  'session.unlock': call<SessionState>()(none),
  'session.signOut': call<SessionState>()(none),
  /** A keystroke or click at the desk, throttled by the renderer; keeps the idle lock away. */
  'session.activity': call<void>()(none),
  'setup.startDemo': call<SessionState>()(none),
  /** Validates the profile completely, then stores it whole or not at all; issues carry JSON paths. */
  'setup.importProfile': call<ProfileImportResult>()(
    z.object({ profile: z.string().min(2).max(5_000_000) }).strict(),
  ),
  /** The imported profiles, non-secret; for Administration (or anyone before the first profile). */
  'setup.profiles': call<ProfilesView>()(none),
  'cases.list': call<CaseListResult>()(caseListInputSchema),
  'cases.services': call<ServiceCount[]>()(none),
  'cases.colleagues': call<Colleague[]>()(none),
  'cases.get': call<CaseView>()(z.object({ id }).strict()),
  'cases.transition': call<CaseRow>()(transitionInputSchema),
  'cases.bulkTransition': call<BulkResult>()(
    z.object({ ids: z.array(id).min(1).max(500), action: z.enum(caseActions) }).strict(),
  ),
  /** The record the hand-over would send to the Fachverfahren, mapped but not sent. */
  'cases.handoverPreview': call<HandoverPreview>()(z.object({ id }).strict()),
  /** Teamleitung: deletes the local data of every case whose retention after a confirmed archive has passed. */
  'archive.purgeDue': call<PurgeResult>()(none),
  'cases.addNote': call<NoteRow>()(z.object({ id, text: z.string().trim().min(1).max(5000) }).strict()),
  'cases.attachment': call<AttachmentContent>()(z.object({ caseId: id, attachmentId: id }).strict()),
  /** The Antragsübersicht (all form data and the attachment list) as PDF, to print or save. */
  'cases.summaryPdf': call<FileContent>()(z.object({ id }).strict()),
  'notices.templates': call<NoticeTemplateInfo[]>()(none),
  /** A template filled with the case's and the department's values; gaps are marked and listed. */
  'notices.draft': call<NoticeDraft>()(z.object({ caseId: id, templateId: shortText }).strict()),
  /**
   * Keeps the person's draft of the case in the vault (null: none any more), so that it waits for them
   * after a lock, a sign-out or another person's session at the same workstation.
   */
  'notices.keepDraft': call<void>()(z.object({ caseId: id, draft: noticeDraftSchema.nullable() }).strict()),
  /** The draft this person kept for the case, if any. */
  'notices.keptDraft': call<NoticeDraft | null>()(z.object({ caseId: id }).strict()),
  /** The edited draft rendered as the PDF it would be sealed as, but unsealed and not stored (live preview). */
  'notices.preview': call<FileContent>()(z.object({ caseId: id, draft: noticeDraftSchema }).strict()),
  /** Renders, seals and stores the draft as the case's next immutable version. */
  'notices.seal': call<NoticeView>()(z.object({ caseId: id, draft: noticeDraftSchema }).strict()),
  'notices.list': call<NoticeView[]>()(z.object({ caseId: id }).strict()),
  'notices.pdf': call<FileContent>()(z.object({ noticeId: id }).strict()),
  /** Sends by the citizen's reply channel, or marks it for print and post; exactly once per channel. */
  'notices.send': call<SendResult>()(
    z.object({ noticeId: id, channel: z.literal('post').optional() }).strict(),
  ),
  /** A person confirms that the printed notice went out by post. */
  'notices.markPosted': call<void>()(z.object({ noticeId: id }).strict()),
  /** Desktop only: prints the window's print view (A4) through the system dialog with printer choice. */
  'print.page': call<void>()(none),
  'filters.list': call<SavedFilter[]>()(none),
  'filters.save': call<SavedFilter>()(z.object({ name: shortText, query: caseListInputSchema }).strict()),
  'filters.delete': call<void>()(z.object({ id }).strict()),
  'sync.run': call<SyncSummary>()(none),
  'sync.status': call<SyncStatus>()(none),
  'outbox.counts': call<OutboxCounts>()(none),
  'outbox.list': call<OutboxItemView[]>()(z.object({ state: z.enum(outboxStates).optional() }).strict()),
  'outbox.retry': call<void>()(z.object({ id }).strict()),
} as const;

export const events = {
  'sync.progress': event<SyncProgress>(),
  'outbox.changed': event<OutboxCounts>(),
  'cases.changed': event<{ ids: string[] }>(),
  'session.changed': event<SessionState>(),
  /** Browser mode: sign-in needs the browser to open the identity provider's page. */
  'session.openBrowser': event<{ url: string }>(),
} as const;

// ---- derived types ----

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallResult<N extends CallName> = Calls[N] extends CallSpec<z.ZodType, infer R> ? R : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** IPC channel names, one per call and per event, so main can register and the preload can invoke each. */
export const ipcCallChannel = (name: CallName): string => `antragsdesk:call:${name}`;
export const ipcEventChannel = (name: EventName): string => `antragsdesk:event:${name}`;
