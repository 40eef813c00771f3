import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** One schema violation: where (JSON pointer) and which rule. Never the offending value (it may be personal). */
export interface SchemaIssue {
  path: string;
  keyword: string;
  message: string;
}

/**
 * An Ajv for JSON Schema 2020-12 with formats (date, email, uuid, uri …) and the annotation keyword
 * `x-enum-labels` that service schemas use to label enum values for display.
 */
export function createSchemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-enum-labels', schemaType: 'object' });
  return ajv;
}

let shared: Ajv2020 | undefined;

/**
 * The one Ajv the subscriber compiles metadata and service schemas with. Each Ajv compiles the JSON Schema
 * meta-schema before its first schema (about a third of a second), and the two it had did so inside the first
 * sync. Schemas are not registered under their `$id`: two catalogs may ship different schemas under one id.
 */
export function sharedSchemaValidator(): Ajv2020 {
  if (shared === undefined) {
    shared = new Ajv2020({ allErrors: true, strict: true, addUsedSchema: false });
    addFormats(shared);
    shared.addKeyword({ keyword: 'x-enum-labels', schemaType: 'object' });
  }
  return shared;
}

export function issuesOf(validate: ValidateFunction): SchemaIssue[] {
  return (validate.errors ?? []).map((error: ErrorObject) => ({
    path: error.instancePath === '' ? '/' : error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
  }));
}
