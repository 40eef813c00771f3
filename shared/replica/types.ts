/**
 * Department mode offline: the commands a person makes while the service cannot be reached, and what the
 * desk shows of them. Shared by main (queue, replay) and the renderer (banner, conflicts).
 */
import type { JsonObject } from '../cases/types';

/** Changes that need the service (the seal lives there): refused offline, never queued. */
export const serviceOnlyActions = ['notice.seal', 'notice.send'] as const;
export type ServiceOnlyAction = (typeof serviceOnlyActions)[number];

/**
 * A change made offline, as the service's `commands.apply` takes it (main/commands/api.ts checks it):
 * `commandId` makes a replay apply once, `baseVersion` is the case's version the person saw.
 */
export type OfflineCommand =
  | { commandId: string; caseId: string; baseVersion: number; action: 'note'; payload: { text: string } }
  | {
      commandId: string;
      caseId: string;
      baseVersion: number;
      action: 'followUp';
      payload: { resubmitAt: string };
    }
  | {
      commandId: string;
      caseId: string;
      baseVersion: number;
      action: 'noticeDraft';
      payload: { draft: JsonObject | null };
    };
export type OfflineAction = OfflineCommand['action'];

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
  /** Wiedervorlage (ISO time), or null. */
  resubmitAt: string | null;
  /** The notice draft as the composer keeps it (`notices.keepDraft`), or null. */
  noticeDraft: JsonObject | null;
}

/**
 * Why the service refused a command: the case moved on, it is someone else's now, an earlier change of the
 * case is in conflict, or the step itself was refused (the workflow no longer allows it).
 */
export type ConflictReason = 'version-moved' | 'not-assignee' | 'earlier-conflict' | 'refused';

/** A refused command with both versions: the person's (with their change) and the service's now. */
export interface OfflineConflict {
  command: OfflineCommand;
  reason: ConflictReason;
  theirs: ReplicaCaseView;
  service: ReplicaCaseView;
}

/** Whether the service can be reached; `since` is when it was last lost (ISO time). */
export type Connectivity = { online: true } | { online: false; since: string };

/** What the desk shows of the replica: the banner's state, the case's place in it, the conflicts to settle. */
export interface ReplicaState {
  /** False on a workstation on its own vault and in a browser on the service: no replica, no control. */
  available: boolean;
  connectivity: Connectivity;
  /** The asked case is kept on this workstation (it is the person's, marked, or has changes of theirs). */
  held: boolean;
  /** The asked case is marked "offline verfügbar". */
  marked: boolean;
  /** Changes made offline not yet taken by the service. */
  queued: number;
  conflicts: OfflineConflict[];
}
