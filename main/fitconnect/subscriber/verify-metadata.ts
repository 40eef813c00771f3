import type { JsonObject } from '../../../shared/cases/types';
import type { SchemaIssue } from '../json-schema';
import type { Metadata } from '../metadata';
import { validateMetadata } from '../metadata-schema';
import { type DecryptOutcome, decryptFailureDetail } from './decrypt-outcome';
import { decryptFailure } from './reasons';
import { type CheckOutcome, fail, pass, problem } from './report';

export interface MetadataFindings {
  outcomes: CheckOutcome[];
  /** Set only when the metadata decrypted and is valid for its schema version. */
  metadata?: Metadata;
  /** The decrypted document as received (also when invalid), kept with the submission; `{}` when unreadable. */
  document: JsonObject;
}

/** §4.1: the metadata decrypts, is valid for its schema version, and names the submission's service. */
export function checkMetadata(
  decrypted: DecryptOutcome,
  submissionServiceIdentifier: string,
): MetadataFindings {
  if (!decrypted.ok) {
    return {
      outcomes: [
        fail(
          'metadata.decrypt',
          decryptFailure(decrypted.code),
          decryptFailureDetail('The metadata', decrypted.code),
          problem('encryption-issue', 'metadata'),
        ),
      ],
      document: {},
    };
  }
  const outcomes = [
    pass(
      'metadata.decrypt',
      { reason: 'metadata.decrypted' },
      'The metadata decrypted and its integrity tag verified.',
    ),
  ];
  const value = parseJson(decrypted.plaintext);
  if (value === undefined) {
    outcomes.push(
      fail(
        'metadata.schema',
        { reason: 'metadata.not-json' },
        'The metadata is not UTF-8 JSON.',
        problem('syntax-violation', 'metadata'),
      ),
    );
    return { outcomes, document: {} };
  }
  const document = isObject(value) ? (value as JsonObject) : {};
  const validation = validateMetadata(value);
  if (!validation.ok) {
    outcomes.push(
      validation.code === 'unsupported-schema'
        ? fail(
            'metadata.schema',
            { reason: 'metadata.unsupported-version' },
            'The metadata declares a schema version that is not supported (only 1.x is).',
            problem(validation.code, 'metadata'),
          )
        : fail(
            'metadata.schema',
            { reason: 'metadata.schema-violated', params: issueParams(validation.issues) },
            `The metadata violates its schema: ${describeIssues(validation.issues)}.`,
            problem(validation.code, 'metadata'),
          ),
    );
    return { outcomes, document };
  }
  const { metadata, version } = validation;
  outcomes.push(
    pass(
      'metadata.schema',
      { reason: 'metadata.schema-valid', params: { version } },
      `The metadata is valid against metadata schema ${version}.`,
    ),
  );
  const named = metadata.publicServiceType?.identifier;
  outcomes.push(
    named === undefined || named === submissionServiceIdentifier
      ? pass(
          'metadata.service',
          { reason: 'metadata.service-matches' },
          'The metadata names the same service as the submission.',
        )
      : fail(
          'metadata.service',
          { reason: 'metadata.service-differs' },
          'The metadata names another service than the submission.',
          problem('service-mismatch', 'metadata'),
        ),
  );
  return { outcomes, metadata, document };
}

/** Where and which rule, never the offending value: at most three issues are named. */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  const more = issues.length > 3 ? ` and ${issues.length - 3} more` : '';
  return `${namedIssues(issues).join(', ')}${more}`;
}

/** The parameters of a schema violation's reason: how many issues, and the first three as in the detail. */
export function issueParams(issues: readonly SchemaIssue[]): { count: number; issues: string[] } {
  return { count: issues.length, issues: namedIssues(issues) };
}

function namedIssues(issues: readonly SchemaIssue[]): string[] {
  return issues.slice(0, 3).map((issue) => `${issue.path} (${issue.keyword})`);
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
