/**
 * Offline commands on the service: whether one may be applied to the case as it is now (pure), which
 * contract call carries it out, and the run that applies it at most once through a ledger.
 */
import { ApiError, type Envelope } from '../../shared/api/result';
import type { CommandConflictReason, CommandOutcome, OfflineCommand } from './api';

export interface CaseNow {
  version: number;
  assignee: string | null;
}

/** A command fits the case only as the person saw it and only while the case is still theirs. */
export function commandConflict(
  command: Pick<OfflineCommand, 'baseVersion'>,
  now: CaseNow,
  userId: string,
): CommandConflictReason | null {
  if (now.assignee !== userId) return 'not-assignee';
  if (now.version !== command.baseVersion) return 'version-moved';
  return null;
}

/** The contract call a command stands for: the same checks run as when the person acts online. */
export function contractCallOf(command: OfflineCommand): { name: string; input: unknown } {
  switch (command.action) {
    case 'note':
      return { name: 'cases.addNote', input: { id: command.caseId, text: command.payload.text } };
    case 'followUp':
      return {
        name: 'cases.transition',
        input: {
          id: command.caseId,
          action: 'resubmit',
          expectedVersion: command.baseVersion,
          resubmitAt: command.payload.resubmitAt,
        },
      };
    case 'noticeDraft':
      return { name: 'notices.keepDraft', input: { caseId: command.caseId, draft: command.payload.draft } };
  }
}

/** Where applied commands are kept; `once` runs `apply` only for a command id it has not recorded. */
export interface CommandLedger {
  once(
    command: { commandId: string; caseId: string; userId: string },
    apply: () => Promise<CommandOutcome>,
  ): Promise<CommandOutcome>;
}

export interface ApplyDeps {
  ledger: CommandLedger;
  userId: string;
  /** The department's own dispatcher, as the person calling. */
  call(name: string, input: unknown): Promise<Envelope<unknown>>;
  /** The case as the department's store holds it, also when the person may no longer see it. */
  caseNow(caseId: string): Promise<CaseNow>;
}

export function applyOfflineCommand(command: OfflineCommand, deps: ApplyDeps): Promise<CommandOutcome> {
  const { commandId, caseId } = command;
  return deps.ledger.once({ commandId, caseId, userId: deps.userId }, async () => {
    const before = await deps.caseNow(caseId);
    const reason = commandConflict(command, before, deps.userId);
    if (reason !== null) {
      return {
        outcome: 'conflict',
        commandId,
        reason,
        currentVersion: before.version,
        assignee: before.assignee,
      };
    }
    const { name, input } = contractCallOf(command);
    answerOf(await deps.call(name, input));
    const after = await deps.caseNow(caseId);
    return { outcome: 'applied', commandId, caseVersion: after.version };
  });
}

/** A refused step refuses the command as a whole, with the step's own error. */
function answerOf(envelope: Envelope<unknown>): unknown {
  if (envelope.ok) return envelope.value;
  const { code, message, issues, reason } = envelope.error;
  throw new ApiError(code, message, issues, reason);
}
