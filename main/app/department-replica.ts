/**
 * Department mode's replica, composed: the cases the person is responsible for and those marked "offline
 * verfügbar" kept in the vault (with their attachments, notice draft, the templates' drafts and the hand-over
 * record's preview) and kept
 * current from the service's event stream; the department dispatcher that serves them and queues changes
 * while the service cannot be reached (main/app/offline-dispatch.ts); the replay of the queue when it is back
 * (main/replica/replay.ts), a refused command kept with both versions until the person settles it.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/api/result';
import type { CaseRow, NoteRow } from '../../shared/cases/types';
import type { ReplicaCaseView, ReplicaState } from '../../shared/replica/types';
import {
  type AttachmentContent,
  type CallInput,
  type CallName,
  type CallResult,
  type CaseListResult,
  type CaseView,
  calls,
  type NoticeDraft,
  type NoticeTemplateInfo,
} from '../api/contract';
import type { Dispatch } from '../api/dispatch';
import type { EventHub } from '../api/events';
import type { HandoverPreview } from '../handover/api';
import type { Logger } from '../log/logger';
import { replicaView } from '../replica/commands';
import { trackConnectivity } from '../replica/connectivity';
import { replay } from '../replica/replay';
import type { ReplicaRepository } from '../vault';
import { offlineDispatch, remoteCommandSink } from './offline-dispatch';

/** The service's view of a case as the replica keeps it: what the desk shows of it offline. */
export interface ReplicatedCase extends ReplicaCaseView {
  detail: CaseView;
  /** The notice templates and a draft from each, as the service made them when the case was kept. */
  templates: NoticeTemplateInfo[];
  drafts: Record<string, NoticeDraft>;
  /**
   * The record the hand-over would send, as the service mapped it when the case was kept (so the hand-over
   * dialog can be prepared offline; the hand-over itself needs the service), or null where it had none.
   */
  handover?: HandoverPreview | null;
}

export interface DepartmentReplicaOptions {
  /** Forwards a call to the service (main/department/remote.ts). */
  remote: Dispatch;
  replica: ReplicaRepository;
  /** The workstation's hub: the service's events arrive on it, the banner's state leaves on it. */
  events: EventHub;
  /** The signed-in person's user id, or null. */
  person(): string | null;
  log: Logger;
  now(): Date;
  newId?(): string;
}

export interface DepartmentReplica {
  /** The department dispatcher: the service while it answers, the replica and the queue while it does not. */
  dispatch: Dispatch;
  /** The event stream opened or broke (main/department/remote.ts's `onState`). */
  streamState(state: 'connected' | 'disconnected'): void;
  /** Sends what was queued, then brings the replica up to date (at sign-in and when the service is back). */
  refresh(): Promise<void>;
  close(): void;
}

/** The replica's calls, answered here whether the service is reachable or not. */
const REPLICA_CALLS = new Set<string>(['replica.state', 'replica.mark', 'replica.settle']);
const CTX = { transport: 'ipc' } as const;
/** cases.list's largest page. */
const PAGE = 500;

class Unreachable extends Error {}

export function departmentReplica(options: DepartmentReplicaOptions): DepartmentReplica {
  const { replica, events, log } = options;
  const newId = options.newId ?? randomUUID;
  const connectivity = trackConnectivity((state) => {
    events.emit('department.connectivity', state);
    // Back: the queue goes first, then the replica catches up with what happened meanwhile.
    if (state.online) void refresh();
  }, options.now);

  /** One call to the service; an unreachable service throws `Unreachable`, another refusal its error. */
  const call = async <N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> => {
    const answer = await options.remote(name, input, CTX);
    if (!answer.ok && answer.error.reason === 'service-unreachable') {
      connectivity.update(false);
      throw new Unreachable();
    }
    connectivity.update(true);
    if (answer.ok) return answer.value as CallResult<N>;
    const { code, message, issues, reason } = answer.error;
    throw new ApiError(code, message, issues, reason);
  };

  const stored = (caseId: string) => replica.serviceView(caseId) as ReplicatedCase | null;

  /** Keeps (or refreshes) one case: its view, attachments, kept draft and the templates' drafts. */
  const keep = async (caseId: string, ifFor?: string): Promise<void> => {
    const detail = await call('cases.get', { id: caseId });
    const before = stored(caseId);
    // A colleague's case named by an event is not copied only to be removed again.
    if (ifFor !== undefined && !before && detail.case.assignee !== ifFor && !replica.isMarked(caseId)) return;
    const kept = await call('notices.keptDraft', { caseId });
    // The templates' drafts (for drafting a notice offline) are read again only when the case changed.
    let templates = before?.templates ?? [];
    let drafts = before?.drafts ?? {};
    let handover = before?.handover ?? null;
    if (before?.version !== detail.case.version || templates.length === 0) {
      templates = await call('notices.templates', {}).catch(() => []);
      drafts = {};
      for (const template of templates) {
        const draft = await call('notices.draft', { caseId, templateId: template.id }).catch(() => null);
        if (draft) drafts[template.id] = draft;
      }
      handover = detail.actions.includes('handOver')
        ? await call('cases.handoverPreview', { id: caseId }).catch(() => null)
        : null;
    }
    const view: ReplicatedCase = {
      caseId,
      version: detail.case.version,
      responsible: detail.case.assignee,
      notes: detail.notes.map(({ id, text }) => ({ id, text })),
      resubmitAt: detail.followUp?.kind === 'resubmission' ? detail.followUp.at : null,
      noticeDraft: kept as ReplicatedCase['noticeDraft'],
      detail,
      templates,
      drafts,
      handover,
    };
    replica.put(view);
    // An attachment's content never changes under its id: each is fetched once.
    for (const attachment of detail.attachments) {
      if (replica.attachment(caseId, attachment.id)) continue;
      const content = await call('cases.attachment', { caseId, attachmentId: attachment.id });
      replica.putAttachment(caseId, attachment.id, Buffer.from(content.base64, 'base64'));
    }
  };

  /** Whether the replica should hold the case for `person`. */
  const belongs = (caseId: string, person: string) =>
    replica.isMarked(caseId) || stored(caseId)?.responsible === person;

  let running: Promise<void> = Promise.resolve();
  /** Replica work one step at a time: a replay, a refresh and an event's update never interleave. */
  const serially = (step: () => Promise<void>): Promise<void> => {
    running = running.then(step).catch((error: unknown) => {
      if (!(error instanceof Unreachable)) {
        log.warn('replica.update-failed', { code: (error as { code?: string }).code ?? 'unknown' });
      }
    });
    return running;
  };

  const changed = (caseIds: string[]) => {
    if (caseIds.length > 0) events.emit('cases.changed', { ids: caseIds });
    events.emit('replica.changed', {
      queued: replica.queued().length,
      conflicts: replica.conflicts().length,
    });
  };

  const sink = {
    ...remoteCommandSink(options.remote),
    current: async (caseId: string) => {
      await keep(caseId);
      return stored(caseId);
    },
  };

  const sendQueued = async (): Promise<string[]> => {
    const caseIds = [...new Set(replica.queued().map((command) => command.caseId))];
    if (caseIds.length === 0) return [];
    const result = await replay(replica, sink);
    log.info('replica.replayed', {
      applied: result.applied,
      conflicts: result.conflicts,
      interrupted: result.interrupted,
    });
    if (result.interrupted) throw new Unreachable();
    return caseIds;
  };

  const refresh = (): Promise<void> =>
    serially(async () => {
      const person = options.person();
      if (person === null) return;
      const sent = await sendQueued();
      const mine: { id: string; version: number }[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page: CaseListResult = await call('cases.list', {
          assignee: 'me',
          offset,
          limit: PAGE,
          withTotal: false,
        });
        mine.push(...page.rows);
        if (page.rows.length < PAGE) break;
      }
      const current = new Map(mine.map((row) => [row.id, row.version]));
      for (const caseId of new Set([...current.keys(), ...replica.marked(), ...replica.caseIds()])) {
        const version = current.get(caseId);
        if (version !== undefined && stored(caseId)?.version === version) continue;
        if (version === undefined && !replica.isMarked(caseId) && stored(caseId)?.responsible !== person) {
          continue;
        }
        await keep(caseId).catch(refusedCase(caseId));
      }
      replica.prune(person);
      changed(sent);
    });

  /** A case the person may no longer read is left to `prune`; an unreachable service ends the step. */
  const refusedCase = (caseId: string) => (error: unknown) => {
    if (error instanceof Unreachable) throw error;
    log.info('replica.case-refused', { caseId, code: (error as { code?: string }).code ?? 'unknown' });
    const held = stored(caseId);
    if (held) replica.put({ ...held, responsible: null });
  };

  // The service names changed cases by id; those the replica holds or should hold are read again.
  const unsubscribe = events.subscribe((name, payload) => {
    if (name !== 'cases.changed') return;
    const { ids } = payload as { ids: string[] };
    const person = options.person();
    if (person === null || !connectivity.current().online) return;
    void serially(async () => {
      for (const caseId of ids) {
        // A case not held may have become the person's: it is read once to know.
        await keep(caseId, person).catch(refusedCase(caseId));
        if (!belongs(caseId, person)) replica.prune(person);
      }
    });
  });

  const person = (): string => {
    const who = options.person();
    if (who === null) throw new ApiError('unauthorized', 'Not signed in.', undefined, 'not-signed-in');
    return who;
  };

  const state = (caseId?: string): ReplicaState => ({
    available: true,
    connectivity: connectivity.current(),
    held: caseId !== undefined && replica.serviceView(caseId) !== null,
    marked: caseId !== undefined && replica.isMarked(caseId),
    queued: replica.queued().length,
    conflicts: replica.conflicts(),
  });

  const replicaCalls: Record<string, (input: never) => Promise<ReplicaState> | ReplicaState> = {
    'replica.state': ({ caseId }: CallInput<'replica.state'>) => state(caseId),
    'replica.mark': async ({ caseId, offline }: CallInput<'replica.mark'>) => {
      const who = person();
      replica.mark(caseId, offline);
      if (offline) await serially(() => keep(caseId));
      else replica.prune(who);
      changed([]);
      return state(caseId);
    },
    'replica.settle': async ({ commandId }: CallInput<'replica.settle'>) => {
      person();
      const conflict = replica.conflicts().find((one) => one.command.commandId === commandId);
      replica.dismissConflict(commandId);
      // Later commands of the case waited behind this one; they go now, on the service's version.
      if (conflict) await refresh();
      changed(conflict ? [conflict.command.caseId] : []);
      return state(conflict?.command.caseId);
    },
  };

  const offlineCase = (caseId: string): CaseView | null => {
    const base = stored(caseId);
    const view = replicaView(replica, caseId) as ReplicatedCase | null;
    return base && view ? caseViewOffline(base, view, options.person() ?? '', options.now()) : null;
  };

  const department = offlineDispatch(options.remote, {
    replica,
    connectivity,
    person: () => options.person() ?? '',
    newId,
    now: options.now,
    caseRow: (view) => offlineCase(view.caseId)?.case as CaseRow,
    queued: (command) => changed([command.caseId]),
    reads: {
      'cases.get': ({ id }: CallInput<'cases.get'>) => held(offlineCase(id)),
      'cases.attachment': ({ caseId, attachmentId }: CallInput<'cases.attachment'>) => {
        const row = stored(caseId)?.detail.attachments.find((one) => one.id === attachmentId);
        const content = row && replica.attachment(caseId, attachmentId);
        if (!row || !content) return null;
        const answer: AttachmentContent = {
          filename: row.filename,
          mimeType: row.mimeType,
          size: content.length,
          base64: content.toString('base64'),
        };
        return { value: answer };
      },
      'cases.list': () => ({ value: offlineList(replica.caseIds().map(offlineCase), options.now()) }),
      'notices.keptDraft': ({ caseId }: CallInput<'notices.keptDraft'>) => {
        const view = replicaView(replica, caseId);
        return view ? { value: view.noticeDraft } : null;
      },
      'notices.templates': () => {
        const any = replica
          .caseIds()
          .map(stored)
          .find((one) => (one?.templates.length ?? 0) > 0);
        return { value: any?.templates ?? [] };
      },
      'notices.draft': ({ caseId, templateId }: CallInput<'notices.draft'>) =>
        held(stored(caseId)?.drafts[templateId] ?? null),
      'notices.list': ({ caseId }: CallInput<'notices.list'>) => (stored(caseId) ? { value: [] } : null),
      'cases.handoverPreview': ({ id }: CallInput<'cases.handoverPreview'>) =>
        held(stored(id)?.handover ?? null),
    } as never,
  });

  const dispatch: Dispatch = async (name, input, ctx) => {
    if (REPLICA_CALLS.has(name)) {
      const parsed = calls[name as CallName].input.safeParse(input ?? {});
      if (!parsed.success) {
        return { ok: false, error: { code: 'invalid-input', message: `Invalid input for "${name}".` } };
      }
      try {
        return { ok: true, value: await replicaCalls[name]?.(parsed.data as never) };
      } catch (error) {
        const { code, message, reason } = error as ApiError;
        return { ok: false, error: { code: code ?? 'internal', message, ...(reason && { reason }) } };
      }
    }
    return department(name, input, ctx);
  };

  return {
    dispatch,
    streamState: (state) => connectivity.update(state === 'connected'),
    refresh,
    close: unsubscribe,
  };
}

const held = <T>(value: T | null): { value: T } | null => (value === null ? null : { value });

/**
 * The case as the desk shows it offline: the kept view with the person's queued changes (a note marked as
 * not yet sent), and of the workflow's steps only the Wiedervorlage, the one step that may wait, and the
 * hand-over where its record was kept: its dialog can be prepared offline, the hand-over itself is refused.
 */
export function caseViewOffline(
  base: ReplicatedCase,
  view: ReplicaCaseView,
  person: string,
  now: Date,
): CaseView {
  const { detail } = base;
  const notes: NoteRow[] = view.notes.map(
    (note) =>
      detail.notes.find((kept) => kept.id === note.id) ?? {
        id: note.id,
        caseId: base.caseId,
        author: person,
        text: note.text,
        createdAt: now.toISOString(),
      },
  );
  const followUp =
    view.resubmitAt === base.resubmitAt
      ? detail.followUp
      : view.resubmitAt === null
        ? null
        : { kind: 'resubmission' as const, at: view.resubmitAt };
  return {
    ...detail,
    notes,
    followUp,
    actions: detail.actions.filter(
      (action) => action === 'resubmit' || (action === 'handOver' && base.handover != null),
    ),
  };
}

/** The inbox offline: the cases held on this workstation, newest first, whatever the filter. */
function offlineList(views: (CaseView | null)[], now: Date): CaseListResult {
  const rows = views
    .filter((view): view is CaseView => view !== null)
    .map(({ case: row }) => ({
      id: row.id,
      fileReference: row.fileReference,
      applicantName: row.applicantName,
      serviceName: row.serviceName,
      status: row.status,
      receivedAt: row.receivedAt,
      deadlineAt: row.deadlineAt,
      assignee: row.assignee,
      verification: row.verification,
      version: row.version,
    }))
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  return { total: rows.length, rows, now: now.toISOString() };
}
