import { describe, expect, it } from 'vitest';
import { type CaseStatus, caseStatuses } from '../../../shared/cases/types';
import {
  actionsValidForAll,
  availableActions,
  type CaseAction,
  caseActions,
  describeRefusal,
  planTransition,
} from '../../../shared/cases/workflow';

const anna = { userId: 'anna', isTeamLead: false };
const tom = { userId: 'tom', isTeamLead: true };

/** The whole table, written out once more by hand: [from, action] → to. Anything not listed is refused. */
const allowed: [CaseStatus, CaseAction, CaseStatus][] = [
  ['new', 'claim', 'in_review'],
  ['in_review', 'release', 'new'],
  ['in_review', 'accept', 'accepted'],
  ['in_review', 'reject', 'rejected'],
  ['accepted', 'inquire', 'inquiry'],
  ['accepted', 'resubmit', 'resubmission'],
  ['inquiry', 'resume', 'accepted'],
  ['resubmission', 'resume', 'accepted'],
  ['accepted', 'handOver', 'handed_over'],
  ['accepted', 'sendNotice', 'notice_sent'],
  ['handed_over', 'sendNotice', 'notice_sent'],
  ['notice_sent', 'archive', 'archived'],
  ['rejected', 'archive', 'archived'],
  ['archived', 'close', 'closed'],
  ['new', 'reassign', 'in_review'],
  ['in_review', 'reassign', 'in_review'],
  ['accepted', 'reassign', 'accepted'],
  ['inquiry', 'reassign', 'inquiry'],
  ['resubmission', 'reassign', 'resubmission'],
  ['handed_over', 'reassign', 'handed_over'],
];

describe('planTransition', () => {
  for (const from of caseStatuses) {
    for (const action of caseActions) {
      const expected = allowed.find(([f, a]) => f === from && a === action)?.[2];
      it(`${from} --${action}--> ${expected ?? 'refused'}`, () => {
        const plan = planTransition(
          { status: from, assignee: 'anna' },
          action,
          action === 'reassign' ? tom : anna,
          {
            newAssignee: 'lea',
          },
        );
        if (expected) expect(plan).toMatchObject({ ok: true, to: expected });
        else expect(plan).toMatchObject({ ok: false, refusal: { reason: 'wrong-status', from, action } });
      });
    }
  }

  it('claim assigns the actor, release unassigns', () => {
    expect(planTransition({ status: 'new', assignee: null }, 'claim', anna)).toEqual({
      ok: true,
      to: 'in_review',
      assignee: 'anna',
    });
    expect(planTransition({ status: 'in_review', assignee: 'anna' }, 'release', anna)).toEqual({
      ok: true,
      to: 'new',
      assignee: null,
    });
  });

  it("refuses a case worker acting on a colleague's case, allows the team lead", () => {
    const colleagues = { status: 'in_review' as const, assignee: 'lea' };
    expect(planTransition(colleagues, 'accept', anna)).toEqual({
      ok: false,
      refusal: { reason: 'not-assignee', action: 'accept' },
    });
    expect(planTransition(colleagues, 'accept', tom)).toMatchObject({
      ok: true,
      to: 'accepted',
      assignee: 'lea',
    });
  });

  it('only a team lead reassigns, and only to a named person', () => {
    const item = { status: 'in_review' as const, assignee: 'anna' };
    expect(planTransition(item, 'reassign', anna, { newAssignee: 'lea' })).toMatchObject({
      ok: false,
      refusal: { reason: 'team-lead-only' },
    });
    expect(planTransition(item, 'reassign', tom)).toMatchObject({
      ok: false,
      refusal: { reason: 'assignee-required' },
    });
    expect(planTransition(item, 'reassign', tom, { newAssignee: 'lea' })).toEqual({
      ok: true,
      to: 'in_review',
      assignee: 'lea',
    });
  });

  it('describes every refusal in a sentence', () => {
    const plan = planTransition({ status: 'closed', assignee: null }, 'accept', anna);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(describeRefusal(plan.refusal)).toBe(
      '"accept" is not possible in status "closed" (allowed from: in_review).',
    );
    expect(describeRefusal({ reason: 'team-lead-only', action: 'reassign' })).toContain('team lead');
  });
});

describe('available actions', () => {
  it('offers a new case only to be claimed', () => {
    expect(availableActions({ status: 'new', assignee: null }, anna)).toEqual(['claim']);
  });

  it('offers the bulk bar only what is valid for every selected case', () => {
    const mine = { status: 'in_review' as const, assignee: 'anna' };
    expect(actionsValidForAll([mine, mine], anna)).toEqual(['release', 'accept', 'reject']);
    expect(actionsValidForAll([mine, { status: 'new', assignee: null }], anna)).toEqual([]);
    expect(actionsValidForAll([], anna)).toEqual([]);
  });
});
