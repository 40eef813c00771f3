/**
 * Replaying the offline queue when the service is back: in order, one command at a time, each settled in the
 * replica before the next is sent. The service applies a command once per `commandId` (a replay after a lost
 * answer comes back as `duplicate`) and refuses one whose case moved on or is someone else's now; the refusal
 * becomes a conflict holding both versions, and later commands of that case wait behind it unsent.
 */
import type {
  ConflictReason,
  OfflineCommand,
  OfflineConflict,
  ReplicaCaseView,
} from '../../shared/replica/types';
import { applyCommand } from './commands';

export type CommandOutcome =
  | { kind: 'applied' | 'duplicate'; current: ReplicaCaseView }
  | { kind: 'conflict'; reason: Exclude<ConflictReason, 'earlier-conflict'>; current: ReplicaCaseView };

/** The service's side, implemented by the department client (`commands.apply`). */
export interface CommandSink {
  /** Rejects with a coded error `service-unreachable` when the service cannot be reached. */
  apply(command: OfflineCommand): Promise<CommandOutcome>;
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
  /** Removes the command from the queue and stores the service's view it answered with. */
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
    const base = queue.serviceView(command.caseId);
    // Their version: the case as they last saw it with their own changes up to this one.
    const theirs = () =>
      queue.commandsUpTo(command.caseId, command.commandId).reduce(applyCommand, base as ReplicaCaseView);
    if (queue.hasConflict(command.caseId) && base) {
      queue.conflict({ command, reason: 'earlier-conflict', theirs: theirs(), service: base });
      result.conflicts++;
      continue;
    }
    let outcome: CommandOutcome;
    try {
      outcome = await sink.apply(command);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'service-unreachable') {
        result.interrupted = true;
        return result;
      }
      throw error;
    }
    if (outcome.kind === 'conflict') {
      queue.conflict({
        command,
        reason: outcome.reason,
        theirs: base ? theirs() : outcome.current,
        service: outcome.current,
      });
      result.conflicts++;
    } else {
      queue.applied(command.commandId, outcome.current);
      result.applied++;
    }
  }
  return result;
}
