/**
 * Offline commands on the workstation, pure: making one from a change the person makes offline, and applying
 * it to the replica's view of the case at once (the same function shows "their" version in a conflict). The
 * payload is checked with the contract's schema where the command is made (main/app/offline-dispatch.ts).
 */
import { type OfflineCommand, type ReplicaCaseView, serviceOnlyActions } from '../../shared/replica/types';
import { ReplicaError } from './errors';

/**
 * A command for `action` on the case as the person sees it. Sealing and sending are refused here, so the
 * queue never holds what the service alone can do.
 */
export function offlineCommand(
  view: ReplicaCaseView,
  change: Pick<OfflineCommand, 'action' | 'payload'> | { action: string },
  commandId: string,
): OfflineCommand {
  if ((serviceOnlyActions as readonly string[]).includes(change.action)) {
    throw new ReplicaError('needs-service', change.action);
  }
  return {
    ...(change as Pick<OfflineCommand, 'action' | 'payload'>),
    commandId,
    caseId: view.caseId,
    baseVersion: view.version,
  } as OfflineCommand;
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

/** The case as the person sees it offline: the service's view with their queued commands applied. */
export function replicaView(
  replica: {
    serviceView(caseId: string): ReplicaCaseView | null;
    queuedFor(caseId: string): OfflineCommand[];
  },
  caseId: string,
): ReplicaCaseView | null {
  const base = replica.serviceView(caseId);
  return base && replica.queuedFor(caseId).reduce(applyCommand, base);
}
