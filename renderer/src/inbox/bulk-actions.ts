/**
 * Which actions the bulk bar offers: those the workflow allows on every selected case, minus those that
 * need more than the action's name (a rejection reason, a date, a colleague), which `cases.bulkTransition`
 * cannot carry, and minus those with a call of their own. Main checks every case again. Pure.
 */
import type { Principal } from '../../../main/api/contract';
import {
  type Actor,
  actionsValidForAll,
  type CaseAction,
  type WorkflowCase,
} from '../../../shared/cases/workflow';

export const actionsNeedingInput: readonly CaseAction[] = ['reject', 'resubmit', 'reassign'];
/**
 * A notice (a Rückfrage too, as a Nachforderung) is sealed and sent through `notices.send`, which moves the
 * case; verifying again fetches the submission anew, one case at a time. Main refuses these as bulk
 * transitions.
 */
export const actionsWithOwnCall: readonly CaseAction[] = ['sendNotice', 'inquire', 'verify'];

export function actorOf(principal: Principal): Actor {
  return { userId: principal.userId, isTeamLead: principal.roles.includes('Teamleitung') };
}

export function bulkActions(cases: readonly WorkflowCase[], principal: Principal | null): CaseAction[] {
  if (!principal) return [];
  return actionsValidForAll(cases, actorOf(principal)).filter(
    (action) => !actionsNeedingInput.includes(action) && !actionsWithOwnCall.includes(action),
  );
}
