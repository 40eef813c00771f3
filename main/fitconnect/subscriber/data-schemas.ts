import type { ValidateFunction } from 'ajv';
import type { SchemaCatalog } from '../../forms/schema-catalog';
import { createSchemaValidator, issuesOf, type SchemaIssue } from '../json-schema';

/** The service schemas known locally (the catalog), compiled once each on first use. */
export class DataSchemas {
  private readonly ajv = createSchemaValidator();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly catalog: Pick<SchemaCatalog, 'entries' | 'schemaFor'>) {}

  /** The data mime type the service's schema is written for, when the schema is known. */
  mimeTypeOf(schemaUri: string): string | undefined {
    return this.catalog.entries.find((entry) => entry.schemaUri === schemaUri)?.mimeType;
  }

  /** The violations of `value` against the schema, or undefined when the schema is not known locally. */
  validate(schemaUri: string, value: unknown): SchemaIssue[] | undefined {
    let validate = this.compiled.get(schemaUri);
    if (validate === undefined) {
      const schema = this.catalog.schemaFor(schemaUri);
      if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
      validate = this.ajv.compile(schema);
      this.compiled.set(schemaUri, validate);
    }
    return validate(value) ? [] : issuesOf(validate);
  }
}
