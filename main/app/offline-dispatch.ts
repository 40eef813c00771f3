/**
 * Department mode's dispatcher around the remote one. Every call goes to the service first; when the service
 * cannot be reached, a change the desk may make offline becomes a queued command on the replica (answered as
 * the service would have), and everything else is refused with the reason: sealing and sending explicitly as
 * needing the service, so the desk never believes something was done or queued that was not.
 */
import { ApiError, type Envelope } from '../../shared/api/result';
import type { CaseRow, JsonObject, NoteRow } from '../../shared/cases/types';
import type { OfflineCommand, ReplicaCaseView, ServiceOnlyAction } from '../../shared/replica/types';
import { type CallInput, type CallName, type CallResult, calls, isCallName } from '../api/contract';
import type { Dispatch } from '../api/dispatch';
import { formatIssues } from '../api/dispatch';
import { applyCommand, offlineCommand, replicaView } from '../replica/commands';
import type { CommandSink } from '../replica/replay';

export interface OfflineDispatchOptions {
  replica: {
    serviceView(caseId: string): ReplicaCaseView | null;
    queuedFor(caseId: string): OfflineCommand[];
    enqueue(command: OfflineCommand): void;
  };
  connectivity: { update(reachable: boolean): void };
  /** The signed-in person's user id (the author of an offline note). */
  person(): string;
  newId(): string;
  now(): Date;
  /**
   * Calls answered from the replica while the service is gone (reading a case, its attachments, its notice
   * draft); their input is checked with the contract's schema first. Each answers null for a case the
   * replica does not hold. None by default.
   */
  reads?: Partial<Record<CallName, (input: never) => { value: unknown } | null>>;
  /** The case row the desk shows after an offline step (a Wiedervorlage answers it, as the service would). */
  caseRow?(view: ReplicaCaseView): CaseRow;
  /** Told after a command was queued (the desk reloads the case from the replica). */
  queued?(command: OfflineCommand): void;
}

type OfflineCall = Pick<OfflineCommand, 'action' | 'payload'> & {
  caseId: string;
  /** What the call answers, as the service would have; `after` is the case with the command applied. */
  answer(command: OfflineCommand, options: OfflineDispatchOptions, after: ReplicaCaseView): unknown;
};

/** The calls that may run offline, from their (checked) input; null when this use of the call may not. */
const offlineCalls: Record<string, (input: never) => OfflineCall | null> = {
  'cases.addNote': (input: { id: string; text: string }) => ({
    caseId: input.id,
    action: 'note',
    payload: { text: input.text },
    answer: (command, options): NoteRow => ({
      id: command.commandId,
      caseId: command.caseId,
      author: options.person(),
      text: input.text,
      createdAt: options.now().toISOString(),
    }),
  }),
  'notices.keepDraft': (input: { caseId: string; draft: JsonObject | null }) => ({
    caseId: input.caseId,
    action: 'noticeDraft',
    payload: { draft: input.draft },
    answer: () => undefined,
  }),
  // A Wiedervorlage may be set offline; every other step of the workflow needs the service.
  'cases.transition': (input: CallInput<'cases.transition'>) =>
    input.action === 'resubmit' && input.resubmitAt
      ? {
          caseId: input.id,
          action: 'followUp',
          payload: { resubmitAt: input.resubmitAt },
          answer: (_command, options, after) => options.caseRow?.(after),
        }
      : null,
};

const serviceOnlyCalls: Record<string, ServiceOnlyAction> = {
  'notices.seal': 'notice.seal',
  'notices.send': 'notice.send',
};

const refused = (reason: string, message: string): Envelope<never> => ({
  ok: false,
  error: { code: 'unavailable', reason, message },
});

function isUnreachable(answer: Envelope<unknown>): boolean {
  return !answer.ok && answer.error.code === 'unavailable' && answer.error.reason === 'service-unreachable';
}

export function offlineDispatch(remote: Dispatch, options: OfflineDispatchOptions): Dispatch {
  return async (name, input, ctx) => {
    const answer = await remote(name, input, ctx);
    options.connectivity.update(!isUnreachable(answer));
    if (!isUnreachable(answer)) return answer;
    if (serviceOnlyCalls[name]) {
      return refused('needs-service', 'This step needs the department service; nothing was done or queued.');
    }
    const offline = offlineCalls[name];
    const read = isCallName(name) ? options.reads?.[name] : undefined;
    if ((!offline && !read) || !isCallName(name)) return answer;
    // The service would have checked the input; offline, the replica's side does.
    const parsed = calls[name].input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid-input', message: 'Invalid input.', issues: formatIssues(parsed.error) },
      };
    }
    if (read) {
      const held = read(parsed.data as never);
      return held === null
        ? refused('case-not-replicated', 'The case is not available offline on this workstation.')
        : { ok: true, value: held.value };
    }
    const call = (offline as (input: never) => OfflineCall | null)(parsed.data as never);
    if (call === null) {
      return refused('needs-service', 'This step needs the department service; nothing was done or queued.');
    }
    const view = replicaView(options.replica, call.caseId);
    if (!view) {
      return refused('case-not-replicated', 'The case is not available offline on this workstation.');
    }
    const command = offlineCommand(
      view,
      { action: call.action, payload: call.payload } as OfflineCall,
      options.newId(),
    );
    // The service checks the command again when it takes it; this keeps one it would refuse out of the queue.
    const checked = calls['commands.apply'].input.safeParse(command);
    if (!checked.success) {
      return {
        ok: false,
        error: { code: 'invalid-input', message: 'Invalid input.', issues: formatIssues(checked.error) },
      };
    }
    options.replica.enqueue(command);
    options.queued?.(command);
    return { ok: true, value: call.answer(command, options, applyCommand(view, command)) };
  };
}

/** `commands.apply` through the department dispatcher; a refusal other than a conflict is thrown as is. */
export function remoteCommandSink(dispatch: Dispatch): CommandSink {
  return {
    async apply(command) {
      const answer = (await dispatch('commands.apply', command, { transport: 'ipc' })) as Envelope<
        CallResult<'commands.apply'>
      >;
      if (answer.ok) return answer.value;
      const { code, message, issues, reason } = answer.error;
      throw new ApiError(code, message, issues, reason);
    },
  };
}
