/**
 * The case worker's desk: the inbox listing, the case view, workflow transitions, notes, attachments,
 * saved filters. Every call is scoped to the signed-in person's department and checked against their role
 * here, in main; the UI only mirrors what this allows. A transition, its outbox item and its audit entry are
 * written in one vault transaction.
 */
import { randomUUID } from 'node:crypto';
import { toApiError } from '../../shared/api/error-mapping';
import { can, type Principal } from '../../shared/auth/roles';
import {
  type Deadline,
  followUpOf,
  isBeforeAcceptance,
  processingDeadline,
} from '../../shared/cases/deadlines';
import type { InboxRow, ListedCase } from '../../shared/cases/types';
import {
  type Actor,
  availableActions,
  type CaseAction,
  describeRefusal,
  planTransition,
} from '../../shared/cases/workflow';
import type { AuditStore } from '../audit/log';
import { formatFileReference } from '../cases/file-reference';
import type { ZbpStatus } from '../delivery/zbp/fields';
import type { VerificationReport } from '../fitconnect/api';
import { awaitsDecision, queueSubmissionEvent } from '../fitconnect/subscriber/decision';
import { type BescheidDelivery, bescheidDelivery } from '../notices/delivery-progress';
import type { NoticeStore } from '../notices/service/store';
import type { NoticeKind } from '../notices/template';
import type { Outbox } from '../outbox';
import type { OutboxStore } from '../outbox/store';
import type { TeamStore } from '../team/store';
import type { TeamService } from '../team/team-service';
import { type CaseQuery, type CaseRow, type JsonValue, UNASSIGNED, VaultError } from '../vault';
import type { Transaction, Transactional } from '../vault/async';
import type {
  AttachmentFiles,
  CaseStore,
  FileReferenceStore,
  NoteStore,
  PreferencesStore,
  ReceiptStore,
} from '../vault/store-types';
import type {
  AttachmentContent,
  BulkResult,
  CaseListInput,
  CaseListResult,
  CaseView,
  Colleague,
  HistoryEntry,
  SavedFilter,
  ServiceCount,
  SubmissionView,
} from './api';
import { DeskError } from './errors';
import {
  archiveUnderway,
  casePurgeView,
  caseReceiptViews,
  DELIVERY_ITEM_TYPES,
  handoverStarted,
} from './receipt-views';

/** The largest attachment sent to the renderer for display; larger files are saved, not shown. */
export const MAX_DISPLAY_BYTES = 100 * 1024 * 1024;

interface DeskRecords {
  cases: CaseStore;
  notes: NoteStore;
  notices: NoticeStore;
  receipts: ReceiptStore;
  outbox: OutboxStore;
  audit: AuditStore;
  fileReferences: FileReferenceStore;
  preferences: PreferencesStore;
  team: TeamStore;
}

/** What the desk reads and writes of the store. */
export type DeskStore = DeskRecords & Transactional<DeskRecords> & { attachments: AttachmentFiles };
/** A transaction of the desk's, which the sending of a notice joins (see `recordNoticeSent`). */
export type DeskTransaction = Transaction<Pick<DeskRecords, 'cases' | 'audit' | 'outbox' | 'team'>>;

export interface DeskDependencies {
  store: DeskStore;
  outbox: Outbox;
  /** Whom a case worker covers for, and whether they follow a case: both widen what they see. */
  team: Pick<TeamService, 'covers' | 'seesThrough'>;
  /** The service's JSON Schema by its submission schema URI, when known locally. */
  schemaFor(schemaUri: string): JsonValue | null;
  /** The Aktenzeichen pattern and the service's short code, from the person's department profile. */
  fileReferenceRule(
    principal: Principal,
    serviceIdentifier: string,
  ): { pattern: string; serviceCode: string };
  /** Processing days per service identifier (from the person's department profile). */
  processingDays(principal: Principal, serviceIdentifier: string): number | null;
  /** Queues a status update for the citizen's BundID overview in the caller's transaction (if they chose it). */
  queueStatusUpdate(
    tx: Transaction<{ outbox: OutboxStore }>,
    caseRow: CaseRow,
    status: ZbpStatus,
  ): Promise<void>;
  now(): Date;
}

export interface TransitionRequest {
  id: string;
  action: CaseAction;
  expectedVersion: number;
  /** A technical rejection names a problem of the table; the case worker's refusal gives its reason alone. */
  rejection?: { problem?: string; text: string };
  resubmitAt?: string;
  newAssignee?: string;
}

export class DeskService {
  constructor(private readonly deps: DeskDependencies) {}

  async list(principal: Principal, input: CaseListInput): Promise<CaseListResult> {
    const now = this.deps.now().toISOString();
    const query: CaseQuery = {
      department: principal.department,
      ...(input.status && { status: input.status }),
      ...(input.service && { service: input.service }),
      ...(input.receivedFrom && { receivedFrom: input.receivedFrom }),
      ...(input.receivedTo && { receivedTo: input.receivedTo }),
      ...(input.assignee && { assignee: input.assignee === 'me' ? principal.userId : input.assignee }),
      ...(input.overdue && { overdue: { now } }),
      ...(input.verification && { verification: input.verification }),
      ...(input.text?.trim() && { text: input.text }),
      ...(input.sort && { sort: input.sort }),
      offset: input.offset ?? 0,
      limit: input.limit ?? 100,
      ...(input.withTotal === false && { withTotal: false }),
    };
    if (input.scope === 'followed') query.followedBy = principal.userId;
    const covers =
      isTeamLead(principal) && input.scope !== 'covered' ? [] : await this.deps.team.covers(principal);
    if (input.scope === 'covered') query.assigneeIn = covers;
    if (!isTeamLead(principal)) {
      const colleague =
        query.assignee && query.assignee !== UNASSIGNED && query.assignee !== principal.userId;
      if (colleague && !covers.includes(query.assignee as string)) {
        throw new DeskError('colleague-cases-forbidden', 'Only a team lead may see the cases of colleagues.');
      }
      query.visibleTo = principal.userId;
      query.visibleAssignees = covers;
    }
    // One transaction for the page and its rows' notices: on a shared store each call outside one is a
    // transaction of its own (a pooled connection and its round trips).
    return this.deps.store.transaction(async (tx) => {
      const { rows, ...count } = await tx.cases.list(query);
      return { ...count, rows: await this.withBescheideOnTheirWay(tx.notices, rows), now };
    });
  }

  /**
   * "Bescheid versandt" in the inbox only once it was delivered or posted: a row says where it is until then.
   * The deliveries of the whole page in one query, not one per row (a page may hold dozens of such rows).
   */
  private async withBescheideOnTheirWay(notices: NoticeStore, rows: InboxRow[]): Promise<ListedCase[]> {
    const sent = rows.filter((row) => row.status === 'notice_sent').map((row) => row.id);
    const states = await notices.deliveryStatesOfCases(sent);
    return rows.map((row) => {
      if (row.status !== 'notice_sent') return row;
      const ofCase = states.filter((state) => state.caseId === row.id);
      const delivery = bescheidDelivery(
        ofCase.map((state) => ({ id: state.noticeId, kind: state.kind })),
        ofCase,
      );
      return delivery === null || delivery === 'done' ? row : { ...row, noticeDelivery: delivery };
    });
  }

  /** One transaction for the whole case view (see `list`), which also makes its parts agree with each other. */
  get(principal: Principal, id: string): Promise<CaseView> {
    return this.deps.store.transaction((tx) => this.caseView(principal, id, tx));
  }

  private async caseView(
    principal: Principal,
    id: string,
    store: Transaction<DeskRecords>,
  ): Promise<CaseView> {
    const detail = await store.cases.get(id);
    await this.assertVisible(principal, detail.case, store.team);
    const entries = await store.audit.list({ caseId: id });
    const history: HistoryEntry[] = entries.map((entry) => ({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      outcome: entry.outcome,
      ...(typeof entry.details.assignee === 'string' && { assignee: entry.details.assignee }),
    }));
    const submissions: SubmissionView[] = detail.submissions.map((submission) => ({
      submissionId: submission.submissionId,
      platformStatus: submission.platformStatus,
      metadata: submission.metadata,
      data: submission.data,
      dataMimeType: submission.dataMimeType,
      submissionSchemaUri: submission.submissionSchemaUri,
      verificationReport: submission.verificationReport as unknown as VerificationReport | null,
      receivedAt: submission.receivedAt,
      schema: this.deps.schemaFor(submission.submissionSchemaUri),
    }));
    const items = await store.outbox.list({ caseId: id, limit: 500 });
    const receipts = await store.receipts.ofCase(id);
    const noticeDelivery = await this.bescheidDeliveryOf(store.notices, id);
    return {
      case: detail.case,
      submissions,
      attachments: detail.attachments,
      notes: await store.notes.notes(id),
      history,
      // A notice is sent through notices.send, which moves the case itself. A Rückfrage is offered: the desk
      // drafts its Nachforderung for it, and sending that moves the case (never a bare transition).
      actions: availableActions(detail.case, actorOf(principal)).filter(
        (action) =>
          action !== 'sendNotice' &&
          (action !== 'archive' ||
            (!archiveUnderway(items) && !awaitsBescheid(detail.case, noticeDelivery))) &&
          (action !== 'handOver' || !handoverStarted(items)),
      ),
      noticeDelivery,
      deadline: this.deadlineOf(principal, detail.case),
      followUp: followUpOf(detail.case.status, entries),
      receipts: caseReceiptViews(receipts, items),
      purge: casePurgeView(await store.receipts.purgeOf(id), receipts),
    };
  }

  transition(principal: Principal, request: TransitionRequest): Promise<CaseRow> {
    const { store, outbox } = this.deps;
    return store.transaction(async (tx) => {
      const current = await tx.cases.get(request.id);
      await this.assertVisible(principal, current.case, tx.team);
      if (request.action === 'sendNotice') {
        throw new DeskError(
          'transition-refused',
          'A notice is sent through notices.send (seal it, then send it); that moves the case.',
          { reason: 'send-notice-required' },
        );
      }
      if (request.action === 'verify') {
        throw new DeskError(
          'transition-refused',
          'Verifying again fetches the submission anew; it runs through verifyAgain.',
          { reason: 'verify-required' },
        );
      }
      if (request.action === 'inquire') {
        throw new DeskError(
          'transition-refused',
          'A Rückfrage reaches the citizen as a Nachforderung sent through notices.send; that moves the case.',
          { reason: 'send-inquiry-required' },
        );
      }
      const plan = planTransition(current.case, request.action, actorOf(principal), {
        ...(request.newAssignee && { newAssignee: request.newAssignee }),
      });
      if (!plan.ok) {
        throw new DeskError('transition-refused', describeRefusal(plan.refusal), {
          reason: plan.refusal.reason,
        });
      }
      const technical = current.case.verification !== 'passed';
      if (request.action === 'reject' && technical && !request.rejection?.problem) {
        throw new DeskError(
          'transition-input-missing',
          'A technical rejection needs a reason from the problem table.',
          { issues: [{ path: 'rejection.problem', message: 'required' }] },
        );
      }
      if (request.action === 'resubmit' && !request.resubmitAt) {
        throw new DeskError('transition-input-missing', 'A resubmission needs a date.', {
          issues: [{ path: 'resubmitAt', message: 'required' }],
        });
      }
      // A case is archived once the DMS has it, and handed over once the Fachverfahren has it (their
      // handlers confirm); until then it keeps its status, and a failed delivery shows on it.
      const archiving = request.action === 'archive';
      const handingOver = request.action === 'handOver';
      if (handingOver && handoverStarted(await tx.outbox.list({ caseId: request.id, limit: 500 }))) {
        throw new DeskError('transition-refused', 'The case has already been handed over or is on its way.', {
          reason: 'handover-underway',
        });
      }
      if (archiving && archiveUnderway(await tx.outbox.list({ caseId: request.id, limit: 500 }))) {
        throw new DeskError('transition-refused', 'The case is already being archived.', {
          reason: 'archive-underway',
        });
      }
      if (archiving && awaitsBescheid(current.case, await this.bescheidDeliveryOf(tx.notices, request.id))) {
        throw new DeskError('transition-refused', 'The Bescheid has not yet been delivered or posted.', {
          reason: 'notice-not-delivered',
        });
      }
      // Taking a case, or being given it, makes the person follow it. Before the update: on a shared
      // store the Aktenzeichen's counter stays locked from the update to the commit, and every claim of
      // the department waits for it, so that stretch holds no more than it must.
      if (plan.assignee !== null && plan.assignee !== current.case.assignee) {
        await tx.team.follow(principal.department, request.id, plan.assignee);
      }
      const updated = await tx.cases.update(request.id, request.expectedVersion, {
        status: archiving || handingOver ? current.case.status : plan.to,
        assignee: plan.assignee,
        // The Aktenzeichen comes with the first assignment, whoever makes it.
        ...(plan.assignee !== null &&
          current.case.fileReference === null && {
            fileReference: await this.nextFileReference(tx.fileReferences, principal, current.case),
          }),
        ...(request.action === 'accept' && {
          deadlineAt: this.processingDeadlineFrom(principal, current.case),
        }),
      });
      if (handingOver) {
        await outbox.enqueue(tx, {
          type: 'handover',
          idempotencyKey: `handover:${request.id}`,
          caseId: request.id,
          payload: { caseId: request.id },
        });
      }
      if (archiving) {
        await outbox.enqueue(tx, {
          type: DELIVERY_ITEM_TYPES.archive,
          // One archive per request: after a failed one was given up, archiving again is a new delivery.
          idempotencyKey: `archive:${request.id}:${updated.version}`,
          caseId: request.id,
          payload: { caseId: request.id },
        });
      }
      if (request.action === 'accept') await this.deps.queueStatusUpdate(tx, updated, 'RECEIVED');
      // Only a technical rejection (the checks did not pass) is a FIT-Connect event; the case worker's own
      // refusal of a verified case is not: its receipt was sent after verification.
      // The case worker's reason for a formal refusal stays with the case, as a note.
      const reason = request.rejection?.text;
      if (request.action === 'reject' && !technical && reason) {
        await tx.notes.addNote(request.id, principal.userId, reason);
      }
      const problem = request.rejection?.problem;
      if (technical && request.action === 'reject' && problem) {
        const rejection = { problem, text: request.rejection?.text ?? '' };
        for (const submission of current.submissions.filter(awaitsDecision)) {
          await queueSubmissionEvent(outbox, tx, {
            caseId: request.id,
            submissionId: submission.submissionId,
            event: 'reject-submission',
            rejection,
          });
        }
      }
      await tx.audit.append({
        actor: principal.userId,
        department: principal.department,
        caseId: request.id,
        action: `case.${request.action}`,
        outcome: 'success',
        details: {
          from: current.case.status,
          to: updated.status,
          ...(request.rejection?.problem && technical && { problem: request.rejection.problem }),
          ...(request.action === 'reassign' && { assignee: plan.assignee }),
          // The Wiedervorlage is a date of its own: the legal Bearbeitungsfrist (deadlineAt) stays.
          ...(request.action === 'resubmit' && { resubmitAt: request.resubmitAt }),
        },
      });
      return updated;
    });
  }

  /**
   * "Erneut prüfen": the case's open submissions are fetched and verified anew (after the configuration was
   * fixed), and the checks decide as at intake; the audit names who asked for it.
   */
  async verifyAgain(
    principal: Principal,
    request: { id: string; expectedVersion: number },
    reverify: (row: CaseRow) => Promise<void>,
  ): Promise<CaseRow> {
    const row = await this.visibleCase(principal, request.id);
    if (row.version !== request.expectedVersion) {
      throw new VaultError('version-conflict', { caseId: request.id });
    }
    const plan = planTransition(row, 'verify', actorOf(principal));
    if (!plan.ok) {
      throw new DeskError('transition-refused', describeRefusal(plan.refusal), {
        reason: plan.refusal.reason,
      });
    }
    await reverify(row);
    const updated = await this.deps.store.cases.row(request.id);
    await this.deps.store.audit.append({
      actor: principal.userId,
      department: principal.department,
      caseId: request.id,
      action: 'case.verify',
      outcome: 'success',
      details: { from: row.verification, to: updated.verification },
    });
    return updated;
  }

  /**
   * The case, if this person may see it and its verification passed: no notice is drafted, sealed or sent
   * for a case that may be rejected on technical grounds.
   */
  async verifiedCase(principal: Principal, id: string): Promise<CaseRow> {
    const row = await this.visibleCase(principal, id);
    if (row.verification !== 'passed') {
      const refusal = {
        reason: 'verification-not-passed',
        action: 'sendNotice',
        verification: row.verification,
      } as const;
      throw new DeskError('transition-refused', describeRefusal(refusal), { reason: refusal.reason });
    }
    return row;
  }

  private async bescheidDeliveryOf(notices: NoticeStore, caseId: string): Promise<BescheidDelivery | null> {
    return bescheidDelivery(await notices.noticesOfCase(caseId), await notices.deliveriesOfCase(caseId));
  }

  /** The case, if this person may see it (see assertVisible); others' cases do not exist for them. */
  async visibleCase(
    principal: Principal,
    id: string,
    records: Pick<DeskRecords, 'cases' | 'team'> = this.deps.store,
  ): Promise<CaseRow> {
    const row = await records.cases.row(id);
    await this.assertVisible(principal, row, records.team);
    return row;
  }

  /**
   * What sending a notice does to the case, in the caller's (the sending) transaction: a Bescheid moves it to
   * `notice_sent` (a corrected Bescheid finds it there already), a Nachforderung (Rückfrage) moves an accepted
   * case to `inquiry` until `replyBy`, an interim notice leaves it. Refused like any transition the person may not make.
   */
  async recordNoticeSent(
    tx: DeskTransaction,
    principal: Principal,
    id: string,
    kind: NoticeKind,
    replyBy?: string,
  ): Promise<CaseRow> {
    const row = await this.visibleCase(principal, id, tx);
    const action: CaseAction | null =
      kind === 'approval' || kind === 'rejection'
        ? row.status === 'notice_sent'
          ? null
          : 'sendNotice'
        : kind === 'request' && row.status === 'accepted'
          ? 'inquire'
          : null;
    if (action === null) return row;
    const plan = planTransition(row, action, actorOf(principal));
    if (!plan.ok) {
      throw new DeskError('transition-refused', describeRefusal(plan.refusal), {
        reason: plan.refusal.reason,
      });
    }
    const updated = await tx.cases.update(id, row.version, {
      status: plan.to,
      assignee: plan.assignee,
    });
    await tx.audit.append({
      actor: principal.userId,
      department: principal.department,
      caseId: id,
      action: `case.${action}`,
      outcome: 'success',
      // A Rückfrage's reply deadline is the date the waiting case waits for (its follow-up).
      details: { from: row.status, to: plan.to, kind, ...(action === 'inquire' && replyBy && { replyBy }) },
    });
    return updated;
  }

  async bulkTransition(
    principal: Principal,
    ids: readonly string[],
    action: CaseAction,
  ): Promise<BulkResult> {
    const results: BulkResult['results'] = [];
    for (const id of ids) results.push(await this.bulkStep(principal, id, action));
    return { results };
  }

  private async bulkStep(
    principal: Principal,
    id: string,
    action: CaseAction,
  ): Promise<BulkResult['results'][number]> {
    try {
      const current = await this.deps.store.cases.row(id);
      await this.transition(principal, { id, action, expectedVersion: current.version });
      return { id, ok: true };
    } catch (error) {
      // The code a single transition would answer with; the message stays in main (it names ids only,
      // but the renderer translates codes, never shows messages).
      const known = toApiError(error);
      return {
        id,
        ok: false,
        error: known
          ? { code: known.code, ...(known.reason && { reason: known.reason }) }
          : { code: 'internal' as const },
      };
    }
  }

  async addNote(principal: Principal, id: string, text: string) {
    const { store } = this.deps;
    await this.assertVisible(principal, await store.cases.row(id));
    return store.transaction(async (tx) => {
      const note = await tx.notes.addNote(id, principal.userId, text);
      await tx.audit.append({
        actor: principal.userId,
        department: principal.department,
        caseId: id,
        action: 'case.note',
        outcome: 'success',
      });
      return note;
    });
  }

  async attachment(principal: Principal, caseId: string, attachmentId: string): Promise<AttachmentContent> {
    const detail = await this.deps.store.cases.get(caseId);
    await this.assertVisible(principal, detail.case);
    const row = detail.attachments.find((attachment) => attachment.id === attachmentId);
    if (!row)
      throw new DeskError(
        'attachment-not-found',
        `Attachment ${attachmentId} is not part of case ${caseId}.`,
      );
    if (row.size > MAX_DISPLAY_BYTES) {
      throw new DeskError(
        'attachment-too-large',
        `Attachment ${attachmentId} is too large to display; save it instead.`,
      );
    }
    const bytes = await this.deps.store.attachments.readAttachment(row.id);
    return {
      filename: row.filename,
      mimeType: row.mimeType,
      size: row.size,
      base64: bytes.toString('base64'),
    };
  }

  services(principal: Principal): Promise<ServiceCount[]> {
    return this.deps.store.cases.services(principal.department);
  }

  savedFilters(principal: Principal): Promise<SavedFilter[]> {
    return this.readFilters(principal);
  }

  async saveFilter(principal: Principal, name: string, query: CaseListInput): Promise<SavedFilter> {
    const filter: SavedFilter = { id: randomUUID(), name, query };
    const kept = (await this.readFilters(principal)).filter((f) => f.name !== name);
    await this.writeFilters(principal, [...kept, filter]);
    return filter;
  }

  async deleteFilter(principal: Principal, id: string): Promise<void> {
    await this.writeFilters(
      principal,
      (await this.readFilters(principal)).filter((filter) => filter.id !== id),
    );
  }

  /**
   * Keeps a person's name as their identity provider gives it (at each sign-in), so that the desk shows
   * people by name, and a team lead can assign cases to them.
   */
  async rememberPerson(person: Principal): Promise<void> {
    const known: KnownPerson = {
      displayName: person.displayName,
      department: person.department,
      caseWorker: can(person, 'case.process'),
    };
    const { preferences } = this.deps.store;
    if ((await preferences.get(person.userId, PERSON_KEY)) === JSON.stringify(known)) return;
    await preferences.set(person.userId, PERSON_KEY, JSON.stringify(known));
  }

  /**
   * The case workers of the department, by name: those who signed in here and those cases are assigned to
   * (a login without a known name stands for itself).
   */
  async colleagues(principal: Principal): Promise<Colleague[]> {
    const names = new Map<string, string>();
    for (const { userId, value } of await this.deps.store.preferences.everyone(PERSON_KEY)) {
      const person = JSON.parse(value) as KnownPerson;
      if (person.department === principal.department && person.caseWorker)
        names.set(userId, person.displayName);
    }
    for (const userId of await this.deps.store.cases.assignees(principal.department)) {
      if (!names.has(userId)) names.set(userId, userId);
    }
    names.delete(principal.userId);
    return [...names]
      .map(([userId, displayName]) => ({ userId, displayName }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'de'));
  }

  private async readFilters(principal: Principal): Promise<SavedFilter[]> {
    const text = await this.deps.store.preferences.get(principal.userId, FILTERS_KEY);
    return text ? (JSON.parse(text) as SavedFilter[]) : [];
  }

  private writeFilters(principal: Principal, filters: SavedFilter[]): Promise<void> {
    return this.deps.store.preferences.set(principal.userId, FILTERS_KEY, JSON.stringify(filters));
  }

  /**
   * Once the technical receipt went out (verification passed), the day-14 pickup deadline no longer
   * threatens the case: before formal acceptance it shows the Bearbeitungsfrist counted from arrival.
   */
  private deadlineOf(principal: Principal, row: CaseRow): Deadline | null {
    if (isBeforeAcceptance(row.status) && row.verification === 'passed') {
      const days = this.deps.processingDays(principal, row.serviceIdentifier);
      return days === null ? null : processingDeadline(row.receivedAt, days);
    }
    if (!row.deadlineAt) return null;
    return isBeforeAcceptance(row.status)
      ? { kind: 'fitconnect-pickup', at: row.deadlineAt }
      : { kind: 'processing', at: row.deadlineAt };
  }

  /** Aktenzeichen are given when a case is first claimed, numbered per department and year. */
  private async nextFileReference(
    sequences: FileReferenceStore,
    principal: Principal,
    row: CaseRow,
  ): Promise<string> {
    const receivedAt = new Date(row.receivedAt);
    const sequence = await sequences.next(row.department, receivedAt.getUTCFullYear());
    const rule = this.deps.fileReferenceRule(principal, row.serviceIdentifier);
    return formatFileReference(rule.pattern, { serviceCode: rule.serviceCode, receivedAt, sequence });
  }

  private processingDeadlineFrom(principal: Principal, row: CaseRow): string | null {
    const days = this.deps.processingDays(principal, row.serviceIdentifier);
    return days === null ? null : processingDeadline(this.deps.now().toISOString(), days).at;
  }

  /**
   * A case of another department does not exist for this person. A case worker sees unassigned cases, their
   * own, those they follow and those of colleagues they cover for; a team lead sees the whole department.
   */
  private async assertVisible(
    principal: Principal,
    row: CaseRow,
    team: TeamStore = this.deps.store.team,
  ): Promise<void> {
    const visible =
      row.department === principal.department &&
      (isTeamLead(principal) ||
        row.assignee === null ||
        row.assignee === principal.userId ||
        (await this.deps.team.seesThrough(principal, row, team)));
    if (!visible) throw new DeskError('case-not-found', `Case ${row.id} does not exist.`);
  }
}

function isTeamLead(principal: Principal): boolean {
  return can(principal, 'case.readAll');
}

function actorOf(principal: Principal): Actor {
  return { userId: principal.userId, isTeamLead: isTeamLead(principal) };
}

const FILTERS_KEY = 'inbox.savedFilters';
const PERSON_KEY = 'person';

interface KnownPerson {
  displayName: string;
  department: string;
  /** May work on cases (an administrator may not). */
  caseWorker: boolean;
}

/** A case whose Bescheid is on its way (or failed, or still to be posted) is not archived yet. */
function awaitsBescheid(row: CaseRow, delivery: BescheidDelivery | null): boolean {
  return row.status === 'notice_sent' && delivery !== 'done';
}
