import type { Verification } from '../../../shared/cases/types';
import {
  instanceString,
  type ProblemInstance,
  type RejectionProblemName,
  rejectionProblem,
} from '../../../shared/fitconnect/problems';
import type { VerificationCheck, VerificationReport } from '../api';
import type { SetProblem } from '../set';
import type { Reasoned, VerificationReason } from './reasons';

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
  /**
   * What the checks decide on their own: `passed` is receipted, `failed` is rejected with the suggested
   * problems, `pending` (a failure that may come from this installation's configuration) waits for a person
   * in "Technische Prüfung".
   */
  verdict: Verification;
}

/**
 * Failures that may come from local configuration rather than from the submission: the service's schema is
 * not known here, a part is encrypted for a key not (yet) configured, an event token names an issuer not
 * configured. Where one of them fails, the checks after it are not conclusive either.
 */
const LOCAL_REASONS: ReadonlySet<VerificationReason> = new Set([
  'data.schema-unknown',
  'decrypt.unknown-kid',
  'events.issuer-unknown',
  'service.not-configured',
]);

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

/**
 * Passed only when every check passed; pending when a failure may come from local configuration; the
 * suggested problems are unique by type and instance.
 */
export function buildReport(outcomes: readonly CheckOutcome[]): SubmissionReport {
  const suggested = new Map<string, SetProblem>();
  for (const outcome of outcomes) {
    if (outcome.passed) continue;
    for (const ref of outcome.problems) {
      const key = `${ref.name} ${instanceString(ref.instance)}`;
      if (!suggested.has(key)) suggested.set(key, rejectionProblem(ref.name, ref.instance, outcome.detail));
    }
  }
  const passed = outcomes.length > 0 && outcomes.every((outcome) => outcome.passed);
  const local = outcomes.some(
    (outcome) => !outcome.passed && LOCAL_REASONS.has(outcome.reason as VerificationReason),
  );
  return {
    passed,
    checks: outcomes.map(({ problems: _, ...check }) => check),
    suggestedProblems: [...suggested.values()],
    verdict: passed ? 'passed' : local ? 'pending' : 'failed',
  };
}
