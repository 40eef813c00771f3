/**
 * The case workflow, enforced here in main and never only in the UI:
 *   Neu → In Prüfung (claimed) → formell angenommen | abgelehnt
 *   → an Fachverfahren übergeben → Bescheid versandt → archiviert → abgeschlossen,
 * plus Rückfrage (waiting for the citizen) and Wiedervorlage (a resubmission date), both of which return to
 * processing. These are the case worker's own steps and send no FIT-Connect event: the subscriber sends the
 * technical receipt (accept-submission) or the technical rejection itself right after verification.
 * A case whose verification did not pass (failed, or waiting in "Technische Prüfung") allows only two steps:
 * reject it (technically, with problems for FIT-Connect) or verify it again. Pure: given a case's status,
 * assignee and verification, an action and the actor, it names the next state or refuses with a reason.
 */
import type { CaseStatus, Verification } from './types';

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
  'verify',
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
  // The target of hand-over and archive is reached when the receiver confirmed (their outbox handlers move
  // the case); until then the case keeps its status and shows the delivery as waiting or failed.
  handOver: { from: ['accepted'], to: 'handed_over', ownerOnly: true },
  sendNotice: { from: ['accepted', 'handed_over'], to: 'notice_sent', ownerOnly: true },
  archive: { from: ['notice_sent', 'rejected'], to: 'archived', ownerOnly: true },
  close: { from: ['archived'], to: 'closed', ownerOnly: true },
  // A passed verification is not run again.
  verify: { from: [], to: null, ownerOnly: false },
};

/** Statuses in which a case is still open: not rejected, no Bescheid sent. */
const OPEN: readonly CaseStatus[] = [
  'new',
  'in_review',
  'accepted',
  'inquiry',
  'resubmission',
  'handed_over',
];

/**
 * A case whose verification did not pass: no one's own case (it cannot be claimed), so whoever processes
 * cases of the department may reject it or verify it again, whatever its status (a case accepted by a
 * version that allowed it included). Any other action is refused.
 */
const uncheckedRules: Partial<Record<CaseAction, Rule>> = {
  reject: { from: OPEN, to: 'rejected', ownerOnly: false },
  verify: { from: OPEN, to: null, ownerOnly: false },
};

export interface WorkflowCase {
  status: CaseStatus;
  assignee: string | null;
  verification: Verification;
}

export interface Actor {
  userId: string;
  /** Teamleitung: may act on cases assigned to others and reassign. */
  isTeamLead: boolean;
}

export type TransitionRefusal =
  | { reason: 'wrong-status'; from: CaseStatus; action: CaseAction; allowedFrom: readonly CaseStatus[] }
  | { reason: 'verification-not-passed'; action: CaseAction; verification: Verification }
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
  const rule = current.verification === 'passed' ? rules[action] : uncheckedRules[action];
  if (rule === undefined) {
    return {
      ok: false,
      refusal: { reason: 'verification-not-passed', action, verification: current.verification },
    };
  }
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
    case 'verification-not-passed':
      return `"${refusal.action}" is not possible: the case's verification ${refusal.verification === 'failed' ? 'failed' : 'awaits a technical check'}; it can only be rejected or verified again.`;
    case 'not-assignee':
      return `Only the assigned case worker or a team lead may "${refusal.action}" this case.`;
    case 'team-lead-only':
      return 'Only a team lead may reassign cases.';
    case 'assignee-required':
      return 'Name the case worker to assign the case to.';
  }
}
