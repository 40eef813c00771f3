/**
 * The case workflow, enforced here in main and never only in the UI:
 *   Neu → In Prüfung (claimed) → formell angenommen (FIT-Connect accept) | abgelehnt (reject)
 *   → an Fachverfahren übergeben → Bescheid versandt → archiviert → abgeschlossen,
 * plus Rückfrage (waiting for the citizen) and Wiedervorlage (a resubmission date), both of which return to
 * processing. Pure: given a case's status and assignee, an action and the actor, it names the next state or
 * refuses with a reason.
 */
import type { CaseStatus } from './types';

export const caseActions = [
  'claim',
  'release',
  'reassign',
  'accept',
  'reject',
  'inquire',
  'resubmit',
  'resume',
  'handOver',
  'sendNotice',
  'archive',
  'close',
] as const;
export type CaseAction = (typeof caseActions)[number];

interface Rule {
  from: readonly CaseStatus[];
  to: CaseStatus | null;
  /** The actor must be the case's assignee (a Teamleitung may act on any case of the department). */
  ownerOnly: boolean;
}

/** null `to` keeps the status (assignment changes only). */
const rules: Record<CaseAction, Rule> = {
  claim: { from: ['new'], to: 'in_review', ownerOnly: false },
  release: { from: ['in_review'], to: 'new', ownerOnly: true },
  // From `new`, a team lead assigns the case directly: it is then in review with that person.
  reassign: {
    from: ['new', 'in_review', 'accepted', 'inquiry', 'resubmission', 'handed_over'],
    to: null,
    ownerOnly: false,
  },
  accept: { from: ['in_review'], to: 'accepted', ownerOnly: true },
  reject: { from: ['in_review'], to: 'rejected', ownerOnly: true },
  inquire: { from: ['accepted'], to: 'inquiry', ownerOnly: true },
  resubmit: { from: ['accepted'], to: 'resubmission', ownerOnly: true },
  resume: { from: ['inquiry', 'resubmission'], to: 'accepted', ownerOnly: true },
  handOver: { from: ['accepted'], to: 'handed_over', ownerOnly: true },
  sendNotice: { from: ['accepted', 'handed_over'], to: 'notice_sent', ownerOnly: true },
  archive: { from: ['notice_sent', 'rejected'], to: 'archived', ownerOnly: true },
  close: { from: ['archived'], to: 'closed', ownerOnly: true },
};

export interface WorkflowCase {
  status: CaseStatus;
  assignee: string | null;
}

export interface Actor {
  userId: string;
  /** Teamleitung: may act on cases assigned to others and reassign. */
  isTeamLead: boolean;
}

export type TransitionRefusal =
  | { reason: 'wrong-status'; from: CaseStatus; action: CaseAction; allowedFrom: readonly CaseStatus[] }
  | { reason: 'not-assignee'; action: CaseAction }
  | { reason: 'team-lead-only'; action: CaseAction }
  | { reason: 'assignee-required'; action: CaseAction };

export type TransitionPlan =
  | { ok: true; to: CaseStatus; assignee: string | null }
  | { ok: false; refusal: TransitionRefusal };

export function planTransition(
  current: WorkflowCase,
  action: CaseAction,
  actor: Actor,
  options: { newAssignee?: string } = {},
): TransitionPlan {
  const rule = rules[action];
  if (!rule.from.includes(current.status)) {
    return {
      ok: false,
      refusal: { reason: 'wrong-status', from: current.status, action, allowedFrom: rule.from },
    };
  }
  if (action === 'reassign') {
    if (!actor.isTeamLead) return { ok: false, refusal: { reason: 'team-lead-only', action } };
    if (!options.newAssignee) return { ok: false, refusal: { reason: 'assignee-required', action } };
    const to = current.status === 'new' ? 'in_review' : current.status;
    return { ok: true, to, assignee: options.newAssignee };
  }
  if (rule.ownerOnly && current.assignee !== actor.userId && !actor.isTeamLead) {
    return { ok: false, refusal: { reason: 'not-assignee', action } };
  }
  const to = rule.to ?? current.status;
  const assignee = action === 'claim' ? actor.userId : action === 'release' ? null : current.assignee;
  return { ok: true, to, assignee };
}

/** The actions open to this actor on this case right now, for menus and for bulk selections. */
export function availableActions(current: WorkflowCase, actor: Actor): CaseAction[] {
  return caseActions.filter(
    (action) => planTransition(current, action, actor, { newAssignee: actor.userId }).ok,
  );
}

/** The actions valid for every one of several cases (the bulk bar offers only these). */
export function actionsValidForAll(cases: readonly WorkflowCase[], actor: Actor): CaseAction[] {
  if (cases.length === 0) return [];
  return caseActions.filter((action) =>
    cases.every((item) => planTransition(item, action, actor, { newAssignee: actor.userId }).ok),
  );
}

export function describeRefusal(refusal: TransitionRefusal): string {
  switch (refusal.reason) {
    case 'wrong-status':
      return `"${refusal.action}" is not possible in status "${refusal.from}" (allowed from: ${refusal.allowedFrom.join(', ')}).`;
    case 'not-assignee':
      return `Only the assigned case worker or a team lead may "${refusal.action}" this case.`;
    case 'team-lead-only':
      return 'Only a team lead may reassign cases.';
    case 'assignee-required':
      return 'Name the case worker to assign the case to.';
  }
}
