/**
 * Department mode's dispatcher around the remote one. Every call goes to the service first; when the service
 * cannot be reached, a change the desk may make offline becomes a queued command on the replica (answered as
 * the service would have), and everything else is refused with the reason: sealing and sending explicitly as
 * needing the service, so the desk never believes something was done or queued that was not.
 */
import type { Envelope } from '../../shared/api/result';
import type { JsonObject, NoteRow } from '../../shared/cases/types';
import type { OfflineCommand, ReplicaCaseView, ServiceOnlyAction } from '../../shared/replica/types';
import { calls, isCallName } from '../api/contract';
import type { Dispatch } from '../api/dispatch';
import { formatIssues } from '../api/dispatch';
import { offlineCommand } from './commands';

export interface OfflineDispatchOptions {
  replica: { view(caseId: string): ReplicaCaseView | null; enqueue(command: OfflineCommand): void };
  connectivity: { update(reachable: boolean): void };
  /** The signed-in person's user id (the author of an offline note). */
  person(): string;
  newId(): string;
  now(): Date;
}

interface OfflineCall {
  caseId: string;
  action: OfflineCommand['action'];
  payload: JsonObject;
  /** What the call answers, as the service would have. */
  answer(command: OfflineCommand, options: OfflineDispatchOptions): unknown;
}

/** The calls that may run offline, from their (checked) input. */
const offlineCalls: Record<string, (input: never) => OfflineCall> = {
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
    if (!offline || !isCallName(name)) return answer;
    // The service would have checked the input; offline, the replica's side does.
    const parsed = calls[name].input.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid-input', message: 'Invalid input.', issues: formatIssues(parsed.error) },
      };
    }
    const call = offline(parsed.data as never);
    const view = options.replica.view(call.caseId);
    if (!view) {
      return refused('case-not-replicated', 'The case is not available offline on this workstation.');
    }
    const command = offlineCommand(view, call.action, call.payload, options.newId());
    options.replica.enqueue(command);
    return { ok: true, value: call.answer(command, options) };
  };
}
