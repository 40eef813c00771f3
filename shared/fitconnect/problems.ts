import { CodedError } from '../../shared/coded-error';

/**
 * The rejection problems a subscriber may send in `reject-submission`. FITKO's table could not be retrieved,
 * so every `type`, `title` and instance rule here is **unconfirmed**: this table is the one place to correct.
 */
/** A problem as a `reject-submission` event carries it (RFC 7807 fields). */
export interface SetProblem {
  type: string;
  title: string;
  detail?: string;
  instance: string;
}

export const PROBLEM_TYPE_PREFIX = 'https://schema.fitko.de/fit-connect/events/problems/';

/** Which part a problem may name as `instance`: `attachment` stands for `attachment:<attachmentId>`. */
export type InstanceKind = 'submission' | 'metadata' | 'data' | 'attachment';

export const REJECTION_PROBLEMS = {
  'encryption-issue': { title: 'Entschlüsselungsfehler', instances: ['metadata', 'data', 'attachment'] },
  'missing-authentication-tags': { title: 'Fehlende Authentication-Tags', instances: ['submission'] },
  'invalid-event-log': { title: 'Inkonsistentes Event-Log', instances: ['submission'] },
  'syntax-violation': { title: 'Syntax-Fehler', instances: ['metadata', 'data'] },
  'missing-schema': { title: 'Schema-Referenz fehlt', instances: ['data'] },
  'unsupported-schema': { title: 'Schema wird nicht unterstützt', instances: ['metadata', 'data'] },
  'schema-violation': { title: 'Schema-Verletzung', instances: ['metadata', 'data'] },
  'incorrect-authentication-tag': {
    title: 'Authentication-Tag ungültig',
    instances: ['metadata', 'data', 'attachment'],
  },
  // Not in the note's list; needed for the hash checks of data and attachments.
  'hash-mismatch': { title: 'Prüfsumme stimmt nicht', instances: ['data', 'attachment'] },
  'attachments-mismatch': { title: 'Anlagen stimmen nicht überein', instances: ['submission'] },
  'missing-attachment': { title: 'Anlage fehlt', instances: ['attachment'] },
  'service-mismatch': { title: 'Verwaltungsleistung stimmt nicht überein', instances: ['metadata'] },
  'unsupported-reply-channel': { title: 'Rückkanal wird nicht unterstützt', instances: ['metadata'] },
  'technical-error': { title: 'Technischer Fehler', instances: ['submission'] },
} as const satisfies Record<string, { title: string; instances: readonly InstanceKind[] }>;

export type RejectionProblemName = keyof typeof REJECTION_PROBLEMS;

export type ProblemInstance = Exclude<InstanceKind, 'attachment'> | { attachmentId: string };

export type ProblemErrorCode = 'instance-not-allowed' | 'unknown-problem';

const messages: Record<ProblemErrorCode, string> = {
  'instance-not-allowed': 'This rejection problem may not name that part as its instance.',
  'unknown-problem': 'The rejection problem type is not in the problem table.',
};

export class ProblemError extends CodedError<ProblemErrorCode> {
  constructor(code: ProblemErrorCode) {
    super(code, messages[code]);
    this.name = 'ProblemError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function instanceString(instance: ProblemInstance): string {
  return typeof instance === 'string' ? instance : `attachment:${instance.attachmentId}`;
}

function instanceKind(instance: string): InstanceKind | undefined {
  if (instance === 'submission' || instance === 'metadata' || instance === 'data') return instance;
  const id = instance.startsWith('attachment:') ? instance.slice('attachment:'.length) : undefined;
  return id !== undefined && UUID.test(id) ? 'attachment' : undefined;
}

/**
 * Builds a problem from the table. `detail` goes to the sender: name parts and ids, never form content.
 */
export function rejectionProblem(
  name: RejectionProblemName,
  instance: ProblemInstance,
  detail: string,
): SetProblem {
  const entry = REJECTION_PROBLEMS[name];
  const text = instanceString(instance);
  const kind = instanceKind(text);
  if (kind === undefined || !(entry.instances as readonly InstanceKind[]).includes(kind)) {
    throw new ProblemError('instance-not-allowed');
  }
  return { type: PROBLEM_TYPE_PREFIX + name, title: entry.title, detail, instance: text };
}

function knownName(problem: SetProblem): RejectionProblemName {
  const name = problem.type.startsWith(PROBLEM_TYPE_PREFIX)
    ? (Object.keys(REJECTION_PROBLEMS) as RejectionProblemName[]).find(
        (known) => PROBLEM_TYPE_PREFIX + known === problem.type,
      )
    : undefined;
  if (name === undefined) throw new ProblemError('unknown-problem');
  return name;
}

/** Reads a received problem back against the table (throws when its type or instance is not allowed). */
export function parseRejectionProblem(problem: SetProblem): { name: RejectionProblemName; instance: string } {
  const name = knownName(problem);
  const kind = instanceKind(problem.instance);
  if (kind === undefined || !(REJECTION_PROBLEMS[name].instances as readonly InstanceKind[]).includes(kind)) {
    throw new ProblemError('instance-not-allowed');
  }
  return { name, instance: problem.instance };
}

/**
 * Reads a problem as a delivery service must while FITKO's table is unconfirmed: no stricter than any
 * receiver, so a known type with any well-formed instance (`metadata`, `data`, `submission`,
 * `attachment:<uuid>`) passes, whatever part this project's own table pairs it with.
 */
export function parseKnownProblem(problem: SetProblem): { name: RejectionProblemName; instance: string } {
  const name = knownName(problem);
  if (instanceKind(problem.instance) === undefined) throw new ProblemError('instance-not-allowed');
  return { name, instance: problem.instance };
}
