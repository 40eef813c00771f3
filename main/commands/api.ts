/**
 * The department slice of the contract: a command the workstation made while the service could not be
 * reached, sent when it is back. The service applies each command once (by `commandId`) and only on the case
 * as the person saw it (`baseVersion`) while it is still theirs; otherwise it answers a conflict with the
 * case's current version, and nothing is applied.
 */
import { z } from 'zod';
import { call, id, isoDateTime } from '../../shared/api/call';
import { noticeDraftSchema } from '../notices/service/draft';

/** What may be done offline; sealing and sending need the service and are never queued. */
export const offlineActions = ['note', 'followUp', 'noticeDraft'] as const;
export type OfflineAction = (typeof offlineActions)[number];

const base = { commandId: id, caseId: id, baseVersion: z.number().int().min(1) };

export const offlineCommandSchema = z.discriminatedUnion('action', [
  z.strictObject({
    ...base,
    action: z.literal('note'),
    payload: z.strictObject({ text: z.string().trim().min(1).max(5000) }),
  }),
  z.strictObject({
    ...base,
    action: z.literal('followUp'),
    payload: z.strictObject({ resubmitAt: isoDateTime }),
  }),
  z.strictObject({
    ...base,
    action: z.literal('noticeDraft'),
    payload: z.strictObject({ draft: noticeDraftSchema.nullable() }),
  }),
]);
export type OfflineCommand = z.output<typeof offlineCommandSchema>;

export type CommandConflictReason = 'version-moved' | 'not-assignee';

export type CommandOutcome =
  | {
      outcome: 'applied';
      commandId: string;
      /** The case's version right after the command; a replay answers the first figure. */
      caseVersion: number;
    }
  | {
      outcome: 'conflict';
      commandId: string;
      reason: CommandConflictReason;
      /** The case as it is now: the desk shows both versions. */
      currentVersion: number;
      assignee: string | null;
    };

export const commandCalls = {
  /** Department mode: applies one offline command once; a conflict is an answer, not an error. */
  'commands.apply': call<CommandOutcome>()(offlineCommandSchema),
} as const;
