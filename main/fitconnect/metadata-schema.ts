import type { ValidateFunction } from 'ajv';
import metadataSchema100 from '../../assets/standards/fit-connect/metadata/1.0.0/metadata.schema.json' with {
  type: 'json',
};
import metadataSchema1x from '../../assets/standards/fit-connect/metadata/1.x-derived/metadata.schema.json' with {
  type: 'json',
};
import { issuesOf, type SchemaIssue, sharedSchemaValidator } from './json-schema';
import { METADATA_SCHEMA_PATTERN, type Metadata } from './metadata';

/** Metadata without `$schema` is 1.0.0 (the version before `$schema` existed). */
export const DEFAULT_METADATA_VERSION = '1.0.0';

export type MetadataValidation =
  | { ok: true; version: string; metadata: Metadata }
  | {
      ok: false;
      code: 'syntax-violation' | 'unsupported-schema' | 'schema-violation';
      issues: SchemaIssue[];
    };

let validators: { official100: ValidateFunction; derived1x: ValidateFunction } | undefined;

function compiled(): { official100: ValidateFunction; derived1x: ValidateFunction } {
  if (validators === undefined) {
    const ajv = sharedSchemaValidator();
    validators = { official100: ajv.compile(metadataSchema100), derived1x: ajv.compile(metadataSchema1x) };
  }
  return validators;
}

/** Compiles the metadata schemas ahead of the first submission (see DataSchemas). */
export function prepareMetadataValidation(): void {
  compiled();
}

/**
 * Validates decrypted metadata against the schema of its version: 1.0.0 against FITKO's schema, other 1.x
 * against the schema derived from it (see its `$comment`); any other major version is unsupported.
 */
export function validateMetadata(value: unknown): MetadataValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      code: 'schema-violation',
      issues: [{ path: '/', keyword: 'type', message: 'must be object' }],
    };
  }
  const declared = (value as { $schema?: unknown }).$schema;
  const match = declared === undefined ? undefined : METADATA_SCHEMA_PATTERN.exec(String(declared));
  if (declared !== undefined && (typeof declared !== 'string' || match?.[1] !== '1')) {
    return {
      ok: false,
      code: 'unsupported-schema',
      issues: [{ path: '/$schema', keyword: 'version', message: 'unsupported metadata schema' }],
    };
  }
  const version =
    match === undefined || match === null ? DEFAULT_METADATA_VERSION : `${match[1]}.${match[2]}.${match[3]}`;
  const { official100, derived1x } = compiled();
  const validate = version === '1.0.0' ? official100 : derived1x;
  if (!validate(value)) return { ok: false, code: 'schema-violation', issues: issuesOf(validate) };
  return { ok: true, version, metadata: value as Metadata };
}

/** Parses decrypted metadata bytes (UTF-8 JSON) and validates them. */
export function parseMetadata(bytes: Uint8Array): MetadataValidation {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return {
      ok: false,
      code: 'syntax-violation',
      issues: [{ path: '/', keyword: 'json', message: 'not UTF-8 JSON' }],
    };
  }
  return validateMetadata(value);
}
