import {
  instanceString,
  type ProblemInstance,
  type RejectionProblemName,
  rejectionProblem,
} from '../../../shared/fitconnect/problems';
import type { VerificationCheck, VerificationReport } from '../api';
import type { SetProblem } from '../set';
import type { Reasoned } from './reasons';

/** A rejection problem from the table, suggested by a failed check. */
export interface ProblemRef {
  name: RejectionProblemName;
  instance: ProblemInstance;
}

/** One check's outcome; a failure names the rejection problems it suggests. */
export interface CheckOutcome extends VerificationCheck {
  problems: ProblemRef[];
}

/**
 * The per-submission verification report: the API's `VerificationReport` plus the rejection problems the
 * failures suggest, ready for `reject-submission` (the case worker decides whether to send them).
 */
export interface SubmissionReport extends VerificationReport {
  suggestedProblems: SetProblem[];
}

/** A passed check: why, as a reason with its parameters, and in English words for logs and exports. */
export function pass(check: string, said: Reasoned, detail: string): CheckOutcome {
  return { check, passed: true, ...said, detail, problems: [] };
}

export function fail(check: string, said: Reasoned, detail: string, ...problems: ProblemRef[]): CheckOutcome {
  return { check, passed: false, ...said, detail, problems };
}

export function problem(name: RejectionProblemName, instance: ProblemInstance): ProblemRef {
  return { name, instance };
}

/** Passed only when every check passed; the suggested problems are unique by type and instance. */
export function buildReport(outcomes: readonly CheckOutcome[]): SubmissionReport {
  const suggested = new Map<string, SetProblem>();
  for (const outcome of outcomes) {
    if (outcome.passed) continue;
    for (const ref of outcome.problems) {
      const key = `${ref.name} ${instanceString(ref.instance)}`;
      if (!suggested.has(key)) suggested.set(key, rejectionProblem(ref.name, ref.instance, outcome.detail));
    }
  }
  return {
    passed: outcomes.length > 0 && outcomes.every((outcome) => outcome.passed),
    checks: outcomes.map(({ problems: _, ...check }) => check),
    suggestedProblems: [...suggested.values()],
  };
}
