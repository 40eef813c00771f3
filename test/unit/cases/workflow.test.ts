import { describe, expect, it } from 'vitest';
import { type CaseStatus, caseStatuses, type Verification } from '../../../shared/cases/types';
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

/**
 * The whole table for a verified case, written out once more by hand: [from, action] → to. Anything not
 * listed is refused. None of these steps sends a FIT-Connect event (the subscriber sent the receipt).
 */
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

/** A case whose verification failed or waits in "Technische Prüfung": reject or verify again, nothing else. */
const allowedUnchecked: [CaseStatus, CaseAction, CaseStatus][] = (
  ['new', 'in_review', 'accepted', 'inquiry', 'resubmission', 'handed_over'] as const
).flatMap((from): [CaseStatus, CaseAction, CaseStatus][] => [
  [from, 'reject', 'rejected'],
  [from, 'verify', from],
]);

describe('planTransition of a case whose verification did not pass', () => {
  for (const verification of ['failed', 'pending'] as const) {
    for (const from of caseStatuses) {
      for (const action of caseActions) {
        const expected = allowedUnchecked.find(([f, a]) => f === from && a === action)?.[2];
        it(`${verification}: ${from} --${action}--> ${expected ?? 'refused'}`, () => {
          // Unassigned or someone else's: a technical check is no one's own case yet.
          const plan = planTransition(
            { status: from, assignee: null, verification },
            action,
            action === 'reassign' ? tom : anna,
            { newAssignee: 'lea' },
          );
          if (expected) expect(plan).toMatchObject({ ok: true, to: expected });
          else if (['reject', 'verify'].includes(action))
            expect(plan).toMatchObject({ ok: false, refusal: { reason: 'wrong-status', from, action } });
          else
            expect(plan).toMatchObject({
              ok: false,
              refusal: { reason: 'verification-not-passed', action, verification },
            });
        });
      }
    }
  }

  it('says why in a sentence', () => {
    const plan = planTransition({ status: 'new', assignee: null, verification: 'pending' }, 'claim', anna);
    if (plan.ok) throw new Error('claim of an unchecked case planned');
    expect(describeRefusal(plan.refusal)).toBe(
      '"claim" is not possible: the case\'s verification awaits a technical check; it can only be rejected or verified again.',
    );
  });
});

describe('planTransition', () => {
  for (const from of caseStatuses) {
    for (const action of caseActions) {
      const expected = allowed.find(([f, a]) => f === from && a === action)?.[2];
      it(`${from} --${action}--> ${expected ?? 'refused'}`, () => {
        const plan = planTransition(
          { status: from, assignee: 'anna', verification: 'passed' },
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
    expect(
      planTransition(
        { status: 'new', assignee: null, verification: 'passed' as Verification },
        'claim',
        anna,
      ),
    ).toEqual({
      ok: true,
      to: 'in_review',
      assignee: 'anna',
    });
    expect(
      planTransition(
        { status: 'in_review', assignee: 'anna', verification: 'passed' as Verification },
        'release',
        anna,
      ),
    ).toEqual({
      ok: true,
      to: 'new',
      assignee: null,
    });
  });

  it("refuses a case worker acting on a colleague's case, allows the team lead", () => {
    const colleagues = {
      status: 'in_review' as const,
      assignee: 'lea',
      verification: 'passed' as Verification,
    };
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
    const item = { status: 'in_review' as const, assignee: 'anna', verification: 'passed' as Verification };
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
    const plan = planTransition(
      { status: 'closed', assignee: null, verification: 'passed' as Verification },
      'accept',
      anna,
    );
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
    expect(
      availableActions({ status: 'new', assignee: null, verification: 'passed' as Verification }, anna),
    ).toEqual(['claim']);
  });

  it('offers a case in "Technische Prüfung" or with a failed check only reject and verify again', () => {
    for (const verification of ['pending', 'failed'] as const) {
      expect(availableActions({ status: 'new', assignee: null, verification }, anna)).toEqual([
        'reject',
        'verify',
      ]);
    }
  });

  it('offers the bulk bar only what is valid for every selected case', () => {
    const mine = { status: 'in_review' as const, assignee: 'anna', verification: 'passed' as Verification };
    expect(actionsValidForAll([mine, mine], anna)).toEqual(['release', 'accept', 'reject']);
    expect(
      actionsValidForAll(
        [mine, { status: 'new', assignee: null, verification: 'passed' as Verification }],
        anna,
      ),
    ).toEqual([]);
    expect(actionsValidForAll([], anna)).toEqual([]);
  });
});
