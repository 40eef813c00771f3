/**
 * Validation of a profile against its JSON Schema, with issues that name the JSON path of each problem:
 * a missing setting is reported at its own path (`/department/legalRemedy`), not at its parent's, and the
 * failed alternatives of a `oneOf` collapse into one issue instead of one per alternative.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../assets/profiles/department-profile.schema.json' with { type: 'json' };
import { type IssueParams, type ProfileIssue, profileIssue } from './errors';
import type { ProfileInput } from './types';

let compiled: ValidateFunction<ProfileInput> | undefined;

function validator(): ValidateFunction<ProfileInput> {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, discriminator: true, verbose: true });
    addFormats(ajv);
    compiled = ajv.compile<ProfileInput>(schema);
  }
  return compiled;
}

const child = (path: string, key: string) => `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** The alternatives of a `oneOf`, named by their required settings (`pkcs12+password`) or their type. */
function formsOf(alternatives: unknown): string[] {
  if (!Array.isArray(alternatives)) return [];
  return alternatives.map((alternative: { required?: string[]; type?: string }) =>
    alternative.required !== undefined ? alternative.required.join('+') : String(alternative.type),
  );
}

function toIssue(error: ErrorObject): ProfileIssue {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return profileIssue(child(path, String(params.missingProperty)), 'required');
    case 'additionalProperties':
      return profileIssue(child(path, String(params.additionalProperty)), 'unknown-property');
    case 'false schema':
      // A setting department mode leaves to the service (the FIT-Connect keys, the seal, the targets).
      return profileIssue(path, 'unknown-property');
    case 'type':
      return profileIssue(path || '/', 'wrong-type', { expected: String(params.type) }, error.message);
    case 'oneOf': {
      const forms = formsOf(error.schema);
      return profileIssue(path || '/', 'one-of', { forms }, forms.join(' | '));
    }
    case 'discriminator':
      return profileIssue(
        child(path, String(params.tag)),
        'invalid-value',
        { rule: 'discriminator' },
        error.message,
      );
    default: {
      const detail: Record<string, string | number> = { rule: error.keyword };
      for (const [key, value] of Object.entries(params)) {
        if (typeof value === 'string' || typeof value === 'number') detail[key] = value;
      }
      return profileIssue(path || '/', 'invalid-value', detail as IssueParams, error.message);
    }
  }
}

/** Drops the errors of each alternative of a failed `oneOf`: the `oneOf` error itself says it. */
function withoutAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const failedChoices = errors.filter((error) => error.keyword === 'oneOf');
  return errors.filter(
    (error) =>
      error.keyword === 'oneOf' ||
      !failedChoices.some(
        (choice) =>
          error.schemaPath.startsWith(`${choice.schemaPath}/`) &&
          error.instancePath.startsWith(choice.instancePath),
      ),
  );
}

export type SchemaResult = { ok: true; profile: ProfileInput } | { ok: false; issues: ProfileIssue[] };

export function validateProfileSchema(value: unknown): SchemaResult {
  const validate = validator();
  if (validate(value)) return { ok: true, profile: value };
  // The choice between the two kinds of profile (`if`) is said by the errors of the branch taken.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
  const issues = withoutAlternatives(errors).map(toIssue);
  // One problem can surface through several keywords at the same path; report it once.
  const unique = new Map(issues.map((issue) => [`${issue.path} ${issue.code} ${issue.message}`, issue]));
  return { ok: false, issues: [...unique.values()] };
}
