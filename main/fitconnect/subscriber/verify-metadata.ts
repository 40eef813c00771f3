import type { JsonObject } from '../../vault/types';
import type { SchemaIssue } from '../json-schema';
import type { Metadata } from '../metadata';
import { validateMetadata } from '../metadata-schema';
import { type DecryptOutcome, decryptFailureDetail } from './decrypt-outcome';
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
          decryptFailureDetail('The metadata', decrypted.code),
          problem('encryption-issue', 'metadata'),
        ),
      ],
      document: {},
    };
  }
  const outcomes = [pass('metadata.decrypt', 'The metadata decrypted and its integrity tag verified.')];
  const value = parseJson(decrypted.plaintext);
  if (value === undefined) {
    outcomes.push(
      fail('metadata.schema', 'The metadata is not UTF-8 JSON.', problem('syntax-violation', 'metadata')),
    );
    return { outcomes, document: {} };
  }
  const document = isObject(value) ? (value as JsonObject) : {};
  const validation = validateMetadata(value);
  if (!validation.ok) {
    const detail =
      validation.code === 'unsupported-schema'
        ? 'The metadata declares a schema version that is not supported (only 1.x is).'
        : `The metadata violates its schema: ${describeIssues(validation.issues)}.`;
    outcomes.push(fail('metadata.schema', detail, problem(validation.code, 'metadata')));
    return { outcomes, document };
  }
  const { metadata, version } = validation;
  outcomes.push(pass('metadata.schema', `The metadata is valid against metadata schema ${version}.`));
  const named = metadata.publicServiceType?.identifier;
  outcomes.push(
    named === undefined || named === submissionServiceIdentifier
      ? pass('metadata.service', 'The metadata names the same service as the submission.')
      : fail(
          'metadata.service',
          'The metadata names another service than the submission.',
          problem('service-mismatch', 'metadata'),
        ),
  );
  return { outcomes, metadata, document };
}

/** Where and which rule, never the offending value: at most three issues are named. */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  const named = issues.slice(0, 3).map((issue) => `${issue.path} (${issue.keyword})`);
  const more = issues.length > 3 ? ` and ${issues.length - 3} more` : '';
  return `${named.join(', ')}${more}`;
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
