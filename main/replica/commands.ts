/**
 * Offline commands on the workstation, pure: making one from a change the person makes offline (checked
 * with the service's own schema), and applying it to the replica's view of the case at once (the same
 * function shows "their" version in a conflict).
 */
import type { JsonObject } from '../../shared/cases/types';
import { type OfflineCommand, type ReplicaCaseView, serviceOnlyActions } from '../../shared/replica/types';
import { offlineCommandSchema } from '../department/api';
import { ReplicaError } from './errors';

/**
 * A command for `action` on the case as the person sees it. Sealing and sending are refused here, so the
 * queue never holds what the service alone can do.
 */
export function offlineCommand(
  view: ReplicaCaseView,
  action: string,
  payload: JsonObject,
  commandId: string,
): OfflineCommand {
  if ((serviceOnlyActions as readonly string[]).includes(action))
    throw new ReplicaError('needs-service', action);
  const parsed = offlineCommandSchema.safeParse({
    commandId,
    caseId: view.caseId,
    baseVersion: view.version,
    action,
    payload,
  });
  if (!parsed.success) {
    throw new ReplicaError(
      'invalid-command',
      parsed.error.issues.map((issue) => issue.path.join('.')).join(', '),
    );
  }
  return parsed.data as OfflineCommand;
}

/** The case after `command`, as the person sees it before the service has it. */
export function applyCommand(view: ReplicaCaseView, command: OfflineCommand): ReplicaCaseView {
  switch (command.action) {
    case 'note':
      return {
        ...view,
        notes: [...view.notes, { id: command.commandId, text: command.payload.text, pending: true }],
      };
    case 'followUp':
      return { ...view, resubmitAt: command.payload.resubmitAt };
    case 'noticeDraft':
      return { ...view, noticeDraft: command.payload.draft };
  }
}
