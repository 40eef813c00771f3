import { decodeJwt } from 'jose';
import { compareAuthenticationTags } from '../authentication-tags';
import { type AuthenticationTags, type KeyResolver, type SetClaims, SetError, verifySet } from '../set';
import { type CheckOutcome, fail, pass, problem } from './report';

export interface VerifiedEventLog {
  /** Claims of the tokens whose header, claims and signature verified and that belong to the case. */
  events: SetClaims[];
  /** Refused tokens by position in the log, with the reason code and the issuer they name (if readable). */
  refused: { index: number; code: string; issuer?: string }[];
  total: number;
}

export interface EventVerifyOptions {
  /** Seconds since the epoch: an `iat` further ahead than the skew is refused. */
  now: number;
  maxClockSkewSeconds: number;
}

/** §4.4: verifies every SET of a case's event log (header typ/alg/kid, claims, one event, signature, case). */
export async function verifyEventLog(
  tokens: readonly string[],
  caseId: string,
  resolveKey: KeyResolver,
  options: EventVerifyOptions,
): Promise<VerifiedEventLog> {
  const events: SetClaims[] = [];
  const refused: VerifiedEventLog['refused'] = [];
  for (const [index, token] of tokens.entries()) {
    try {
      const { claims } = await verifySet(token, resolveKey, options);
      if (claims.caseId.toLowerCase() === caseId.toLowerCase()) events.push(claims);
      else refused.push({ index, code: 'other-case' });
    } catch (error) {
      if (!(error instanceof SetError)) throw error;
      refused.push({ index, code: error.code, ...issuerOf(token) });
    }
  }
  return { events, refused, total: tokens.length };
}

/** The `iss` a token names, read without trusting it: only to tell an issuer not configured here. */
function issuerOf(token: string): { issuer?: string } {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? { issuer: iss } : {};
  } catch {
    return {};
  }
}

export interface EventLogFindings {
  outcomes: CheckOutcome[];
  /** `iat` of the verified `submit-submission` event (seconds), when there is exactly one. */
  submittedAt?: number;
}

export interface TagEvidence {
  /** Tags of the JWEs actually downloaded. */
  actual: AuthenticationTags;
  /** Parts whose tag is unknown because they could not be read (they fail their own checks). */
  unreadable: ReadonlySet<string>;
}

/**
 * Judges a verified log for one submission: every token verified, exactly one `submit-submission` by the
 * delivery service, carrying `authenticationTags` equal to those of the downloaded JWEs (swapped parts).
 */
export function checkEventLog(
  log: VerifiedEventLog,
  submissionId: string,
  serviceIssuer: string,
  tags: TagEvidence,
  /** The issuers configured here: the delivery service and the destination. */
  knownIssuers: readonly string[] = [serviceIssuer],
): EventLogFindings {
  const outcomes: CheckOutcome[] = [];
  const invalidLog = problem('invalid-event-log', 'submission');
  // A token of an issuer that is neither the delivery service nor the destination, as configured here, may
  // mean the configuration is wrong (the service's issuer), not the log.
  const foreign = [
    ...new Set(
      log.refused
        .filter((token) => token.code === 'unknown-key' && token.issuer !== undefined)
        .map((token) => token.issuer as string)
        .filter((issuer) => !knownIssuers.includes(issuer)),
    ),
  ];
  if (foreign.length > 0) {
    outcomes.push(
      fail(
        'events.issuer',
        { reason: 'events.issuer-unknown', params: { issuers: foreign } },
        `Event tokens name issuers not configured here: ${foreign.join(', ')}.`,
        invalidLog,
      ),
    );
  }
  if (log.refused.length === 0) {
    outcomes.push(
      pass(
        'events.signatures',
        { reason: 'events.all-verified', params: { count: log.total } },
        `All ${log.total} event tokens of the case verified.`,
      ),
    );
  } else {
    const tokens = log.refused.map(({ index, code }) => `${index + 1} (${code})`);
    outcomes.push(
      fail(
        'events.signatures',
        { reason: 'events.refused', params: { count: log.refused.length, total: log.total, tokens } },
        `${log.refused.length} of ${log.total} event tokens were refused: ${tokens.map((t) => `token ${t}`).join(', ')}.`,
        invalidLog,
      ),
    );
  }
  const submitted = log.events.filter(
    (claims) =>
      claims.event === 'submit-submission' &&
      claims.submissionId.toLowerCase() === submissionId.toLowerCase() &&
      claims.issuer === serviceIssuer,
  );
  const [submit] = submitted;
  if (submit === undefined || submitted.length > 1) {
    outcomes.push(
      submit === undefined
        ? fail(
            'events.submit',
            { reason: 'events.submit-missing' },
            'The event log holds no verified submit-submission event of the delivery service for this submission.',
            invalidLog,
          )
        : fail(
            'events.submit',
            { reason: 'events.submit-duplicate' },
            'The event log holds more than one submit-submission event for this submission.',
            invalidLog,
          ),
    );
    return { outcomes };
  }
  outcomes.push(
    pass(
      'events.submit',
      { reason: 'events.submit-verified', params: { issuedAt: isoOf(submit.issuedAt) } },
      `The delivery service's submit-submission event verified (issued ${isoOf(submit.issuedAt)}).`,
    ),
  );
  const expected = submit.payload.authenticationTags;
  if (expected === undefined) {
    outcomes.push(
      fail(
        'authentication-tags',
        { reason: 'tags.missing' },
        'The submit-submission event carries no authenticationTags.',
        problem('missing-authentication-tags', 'submission'),
      ),
    );
    return { outcomes, submittedAt: submit.issuedAt };
  }
  const mismatches = compareAuthenticationTags(expected, tags.actual).filter(
    (mismatch) => !tags.unreadable.has(mismatch.attachmentId ?? mismatch.part),
  );
  if (mismatches.length === 0) {
    outcomes.push(
      pass(
        'authentication-tags',
        { reason: 'tags.match' },
        'The authentication tags of all parts match the submit-submission event.',
      ),
    );
  } else {
    const parts = mismatches.map((m) =>
      m.attachmentId === undefined ? m.part : `attachment ${m.attachmentId}`,
    );
    outcomes.push(
      fail(
        'authentication-tags',
        // The UI names the parts: `metadata`, `data`, or an attachment by its id (shown as its file name).
        { reason: 'tags.differ', params: { parts: mismatches.map((m) => m.attachmentId ?? m.part) } },
        `The authentication tags differ from the submit-submission event for: ${parts.join(', ')} (parts swapped or replaced).`,
        ...mismatches.map((m) =>
          problem(
            'incorrect-authentication-tag',
            m.attachmentId === undefined ? (m.part as 'metadata' | 'data') : { attachmentId: m.attachmentId },
          ),
        ),
      ),
    );
  }
  return { outcomes, submittedAt: submit.issuedAt };
}

/** How a submission was decided according to a verified log, if it was. */
export function decisionOf(
  events: readonly SetClaims[],
  submissionId: string,
): { event: 'accept-submission' | 'reject-submission'; issuer: string } | 'deleted' | undefined {
  const own = events.filter((claims) => claims.submissionId.toLowerCase() === submissionId.toLowerCase());
  const decision = own.find(
    (claims) => claims.event === 'accept-submission' || claims.event === 'reject-submission',
  );
  if (decision !== undefined) {
    return { event: decision.event as 'accept-submission' | 'reject-submission', issuer: decision.issuer };
  }
  return own.some((claims) => claims.event === 'delete-submission') ? 'deleted' : undefined;
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
