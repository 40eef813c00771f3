/**
 * Department mode offline: the commands a person makes while the service cannot be reached, and what the
 * desk shows of them. Shared by main (queue, replay) and the renderer (banner, conflicts).
 */
import type { JsonObject } from '../cases/types';

/** Changes the desk can make on a replicated case and the service can apply later. */
export const offlineActions = ['note.add', 'followUp.set', 'notice.draft', 'handover.prepare'] as const;
export type OfflineAction = (typeof offlineActions)[number];

/** Changes that need the service (the seal lives there): refused offline, never queued. */
export const serviceOnlyActions = ['notice.seal', 'notice.send'] as const;
export type ServiceOnlyAction = (typeof serviceOnlyActions)[number];

export interface OfflineCommand {
  /** uuid; the service applies a command once per id, so replaying it twice changes nothing. */
  commandId: string;
  caseId: string;
  /** The case's version the person saw when making the change. */
  baseVersion: number;
  action: OfflineAction;
  payload: JsonObject;
}

/**
 * The part of a case the offline desk shows and changes. The service's view of a case is stored whole in the
 * replica; these fields are the ones offline commands touch.
 */
export interface ReplicaCaseView {
  caseId: string;
  version: number;
  /** The person responsible for the case (the assignee), or null. */
  responsible: string | null;
  notes: { id: string; text: string; pending?: boolean }[];
  /** Wiedervorlage date (YYYY-MM-DD), or null. */
  followUpOn: string | null;
  /** The notice draft as the composer keeps it (`notices.keepDraft`), or null. */
  noticeDraft: JsonObject | null;
  handover: { to: string; note: string } | null;
}

/** Why the service refused a command. */
export type ConflictReason = 'version-moved' | 'reassigned' | 'earlier-conflict';

/** A refused command with both versions: the person's (with their change) and the service's now. */
export interface OfflineConflict {
  command: OfflineCommand;
  reason: ConflictReason;
  theirs: ReplicaCaseView;
  service: ReplicaCaseView;
}

/** Whether the service can be reached; `since` is when it was last lost (ISO time). */
export type Connectivity = { online: true } | { online: false; since: string };
