/**
 * Replaying the offline queue when the service is back: in order, one command at a time, each settled in the
 * replica before the next is sent. The service (`commands.apply`, main/commands/apply.ts) applies a
 * command once per `commandId` (a replay after a lost answer is answered as applied, with the first figure)
 * and refuses one whose case moved on or is someone else's now; the refusal becomes a conflict holding both
 * versions, and later commands of that case wait behind it unsent.
 */
import type { OfflineCommand, OfflineConflict, ReplicaCaseView } from '../../shared/replica/types';
import { applyCommand } from './commands';

/** What `commands.apply` answers (main/commands/api.ts; main/app/offline-dispatch.ts checks they agree). */
export type CommandOutcome =
  | { outcome: 'applied'; commandId: string; caseVersion: number }
  | {
      outcome: 'conflict';
      commandId: string;
      reason: 'version-moved' | 'not-assignee';
      currentVersion: number;
      assignee: string | null;
    };

/** The service's side: `commands.apply`. Rejects with a coded error `service-unreachable` when it is gone. */
export interface CommandSink {
  apply(command: OfflineCommand): Promise<CommandOutcome>;
  /**
   * The service's view of the case now, fetched after a conflict, so the desk shows the other version whole
   * (notes, Wiedervorlage, draft); null when it cannot be read (someone else's case).
   */
  current?(caseId: string): Promise<ReplicaCaseView | null>;
}

/** The replica's side (the vault's `ReplicaRepository`). */
export interface CommandQueue {
  /** The oldest command not yet sent, or null. */
  nextQueued(): OfflineCommand | null;
  hasConflict(caseId: string): boolean;
  /** The service's view of the case as last stored. */
  serviceView(caseId: string): ReplicaCaseView | null;
  /** The person's commands of the case, oldest first, up to and including `commandId`. */
  commandsUpTo(caseId: string, commandId: string): OfflineCommand[];
  /** Removes the command from the queue and stores the service's view after it. */
  applied(commandId: string, current: ReplicaCaseView): void;
  conflict(conflict: OfflineConflict): void;
}

export interface ReplayResult {
  applied: number;
  conflicts: number;
  /** True when the service was lost again; the commands not sent stay queued. */
  interrupted: boolean;
}

export async function replay(queue: CommandQueue, sink: CommandSink): Promise<ReplayResult> {
  const result: ReplayResult = { applied: 0, conflicts: 0, interrupted: false };
  for (let command = queue.nextQueued(); command; command = queue.nextQueued()) {
    // enqueue refuses a case the replica does not hold, and prune keeps cases with commands.
    const base = queue.serviceView(command.caseId) as ReplicaCaseView;
    // Their version: the case as they last saw it with their own changes up to this one.
    const theirs = queue.commandsUpTo(command.caseId, command.commandId).reduce(applyCommand, base);
    if (queue.hasConflict(command.caseId)) {
      queue.conflict({ command, reason: 'earlier-conflict', theirs, service: base });
      result.conflicts++;
      continue;
    }
    let outcome: CommandOutcome | { outcome: 'refused' };
    try {
      outcome = await sink.apply(command);
    } catch (error) {
      if ((error as { reason?: unknown; code?: unknown }).reason === 'service-unreachable') {
        result.interrupted = true;
        return result;
      }
      // The service refused the step itself (e.g. the workflow no longer allows it): kept, not lost.
      outcome = { outcome: 'refused' };
    }
    if (outcome.outcome !== 'applied') {
      // The service names its version and the responsible person; the rest is read when it may be.
      const fallback =
        outcome.outcome === 'conflict'
          ? { ...base, version: outcome.currentVersion, responsible: outcome.assignee }
          : base;
      const service = (await sink.current?.(command.caseId).catch(() => null)) ?? fallback;
      const reason = outcome.outcome === 'conflict' ? outcome.reason : 'refused';
      queue.conflict({ command, reason, theirs, service });
      result.conflicts++;
    } else {
      const after = applyCommand(base, command);
      const notes = after.notes.map(({ id, text }) => ({ id, text }));
      queue.applied(command.commandId, { ...after, notes, version: outcome.caseVersion });
      result.applied++;
    }
  }
  return result;
}
