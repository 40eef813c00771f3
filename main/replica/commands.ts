/**
 * Offline commands, pure: checking a change the person makes offline, and applying it to the replica's
 * view of the case at once (the same function shows "their" version in a conflict).
 */
import type { JsonObject } from '../../shared/cases/types';
import {
  type OfflineAction,
  type OfflineCommand,
  offlineActions,
  type ReplicaCaseView,
  serviceOnlyActions,
} from '../../shared/replica/types';
import { ReplicaError } from './errors';

const MAX_TEXT = 100_000;

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
  if (!(offlineActions as readonly string[]).includes(action))
    throw new ReplicaError('invalid-command', 'action');
  const command: OfflineCommand = {
    commandId,
    caseId: view.caseId,
    baseVersion: view.version,
    action: action as OfflineAction,
    payload,
  };
  checkPayload(command);
  return command;
}

function checkPayload({ action, payload }: OfflineCommand): void {
  const text = (field: string, optional = false) => {
    const value = payload[field];
    if (optional && (value === null || value === undefined)) return;
    if (typeof value !== 'string' || value.length > MAX_TEXT || (!optional && value.trim() === '')) {
      throw new ReplicaError('invalid-command', field);
    }
  };
  switch (action) {
    case 'note.add':
      text('text');
      break;
    case 'followUp.set': {
      const on = payload.on;
      if (on !== null && (typeof on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(on))) {
        throw new ReplicaError('invalid-command', 'on');
      }
      break;
    }
    case 'notice.draft': {
      const draft = payload.draft;
      if (
        draft !== null &&
        (typeof draft !== 'object' || Array.isArray(draft) || JSON.stringify(draft).length > MAX_TEXT)
      ) {
        throw new ReplicaError('invalid-command', 'draft');
      }
      break;
    }
    case 'handover.prepare':
      text('to');
      text('note', true);
      break;
  }
}

/** The case after `command`, as the person sees it before the service has it. */
export function applyCommand(view: ReplicaCaseView, command: OfflineCommand): ReplicaCaseView {
  const { payload } = command;
  switch (command.action) {
    case 'note.add':
      return {
        ...view,
        notes: [...view.notes, { id: command.commandId, text: payload.text as string, pending: true }],
      };
    case 'followUp.set':
      return { ...view, followUpOn: (payload.on as string | null) ?? null };
    case 'notice.draft':
      return { ...view, noticeDraft: (payload.draft as JsonObject | null) ?? null };
    case 'handover.prepare':
      return { ...view, handover: { to: payload.to as string, note: (payload.note as string | null) ?? '' } };
  }
}
