import { sha512Hex } from '../hash';
import type { DataMetadata, Metadata } from '../metadata';
import { contentMatchesType, normalizeMimeType } from './content-type';
import type { DataSchemas } from './data-schemas';
import { type DecryptOutcome, decryptFailureDetail } from './decrypt-outcome';
import { decryptFailure } from './reasons';
import { type CheckOutcome, fail, pass, problem } from './report';
import { describeIssues, issueParams, parseJson } from './verify-metadata';

export interface DataFindings {
  outcomes: CheckOutcome[];
  /** The decrypted form data as text; empty when there is none or it did not decrypt. */
  text: string;
  mimeType: string;
  schemaUri: string;
  /** The parsed form data when it is JSON (as declared, or as encrypted when nothing is declared). */
  value: unknown;
}

export interface DataInput {
  /** Valid metadata, or undefined when it could not be read (then only decryption is checked). */
  metadata: Metadata | undefined;
  /** Undefined when the submission carries no data part. */
  data: DecryptOutcome | undefined;
  schemas: DataSchemas;
}

/** §4.2: the data decrypts, matches its hash and declared type, and validates against a locally known schema. */
export function checkData({ metadata, data, schemas }: DataInput): DataFindings {
  const described = metadata?.contentStructure.data;
  const mimeType =
    described?.submissionSchema.mimeType ?? (data?.ok ? normalizeMimeType(data.header.cty ?? '') : '');
  const findings: DataFindings = {
    outcomes: [],
    text: data?.ok ? new TextDecoder('utf-8').decode(data.plaintext) : '',
    mimeType,
    schemaUri: described?.submissionSchema.schemaUri ?? '',
    value: data?.ok && mimeType === 'application/json' ? parseJson(data.plaintext) : undefined,
  };
  const { outcomes } = findings;
  if (metadata !== undefined) {
    const presence = checkPresence(described, data !== undefined);
    if (presence !== undefined) outcomes.push(presence);
  }
  if (data === undefined) return findings;
  if (!data.ok) {
    outcomes.push(
      fail(
        'data.decrypt',
        decryptFailure(data.code),
        decryptFailureDetail('The form data', data.code),
        problem('encryption-issue', 'data'),
      ),
    );
    return findings;
  }
  outcomes.push(
    pass(
      'data.decrypt',
      { reason: 'data.decrypted' },
      'The form data decrypted and its integrity tag verified.',
    ),
  );
  if (described === undefined) return findings;

  outcomes.push(
    sha512Hex(data.plaintext) === described.hash.content
      ? pass(
          'data.hash',
          { reason: 'data.hash-matches' },
          'The SHA-512 of the form data matches the metadata.',
        )
      : fail(
          'data.hash',
          { reason: 'data.hash-differs' },
          'The SHA-512 of the form data differs from the metadata.',
          problem('hash-mismatch', 'data'),
        ),
  );
  const typeCheck = checkDataType(described, data, findings.value, schemas);
  outcomes.push(typeCheck);
  if (typeCheck.passed) outcomes.push(checkSchema(described, findings.value, schemas));
  return findings;
}

function checkPresence(described: DataMetadata | undefined, present: boolean): CheckOutcome | undefined {
  if (described !== undefined && !present) {
    // The table has no "missing data" problem (unconfirmed table); a technical error of the sender is closest.
    return fail(
      'data.present',
      { reason: 'data.missing' },
      'The metadata describes form data, but the submission carries none.',
      problem('technical-error', 'submission'),
    );
  }
  if (described === undefined && present) {
    return fail(
      'data.present',
      { reason: 'data.undescribed' },
      'The submission carries form data that the metadata does not describe (no schema reference).',
      problem('missing-schema', 'data'),
    );
  }
  return described === undefined
    ? pass('data.present', { reason: 'data.absent' }, 'The submission carries no form data (documents only).')
    : undefined;
}

function checkDataType(
  described: DataMetadata,
  data: Extract<DecryptOutcome, { ok: true }>,
  value: unknown,
  schemas: DataSchemas,
): CheckOutcome {
  const declared = described.submissionSchema.mimeType;
  const encryptedAs = data.header.cty;
  if (encryptedAs !== undefined && normalizeMimeType(encryptedAs) !== declared) {
    return fail(
      'data.mime-type',
      {
        reason: 'data.encrypted-as-other',
        params: { encryptedAs: normalizeMimeType(encryptedAs), declared },
      },
      `The form data is encrypted as ${normalizeMimeType(encryptedAs)}, but the metadata declares ${declared}.`,
      problem('syntax-violation', 'data'),
    );
  }
  const expected = schemas.mimeTypeOf(described.submissionSchema.schemaUri);
  if (expected !== undefined && expected !== declared) {
    return fail(
      'data.mime-type',
      { reason: 'data.schema-type-differs', params: { expected, declared } },
      `The service schema is written for ${expected}, but the metadata declares ${declared}.`,
      problem('unsupported-schema', 'data'),
    );
  }
  const wellFormed =
    declared === 'application/json'
      ? value !== undefined
      : contentMatchesType(declared, data.plaintext) !== false;
  return wellFormed
    ? pass(
        'data.mime-type',
        { reason: 'data.type-matches', params: { declared } },
        `The form data is ${declared} as declared.`,
      )
    : fail(
        'data.mime-type',
        { reason: 'data.malformed', params: { declared } },
        `The form data is not well-formed ${declared}.`,
        problem('syntax-violation', 'data'),
      );
}

function checkSchema(described: DataMetadata, value: unknown, schemas: DataSchemas): CheckOutcome {
  const { schemaUri, mimeType } = described.submissionSchema;
  const issues = mimeType === 'application/json' ? schemas.validate(schemaUri, value) : undefined;
  if (issues === undefined) {
    // Maybe not a fault of the submission but of this installation: it waits until a person adds the
    // schema and verifies again, or rejects it.
    return fail(
      'data.schema',
      { reason: 'data.schema-unknown', params: { schemaUri } },
      `The schema ${schemaUri} is not known locally; the form data could not be validated against it.`,
      problem('unsupported-schema', 'data'),
    );
  }
  return issues.length === 0
    ? pass(
        'data.schema',
        { reason: 'data.schema-valid', params: { schemaUri } },
        `The form data is valid against its schema ${schemaUri}.`,
      )
    : fail(
        'data.schema',
        { reason: 'data.schema-violated', params: { schemaUri, ...issueParams(issues) } },
        `The form data violates its schema ${schemaUri}: ${describeIssues(issues)}.`,
        problem('schema-violation', 'data'),
      );
}
