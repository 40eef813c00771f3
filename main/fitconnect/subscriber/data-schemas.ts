import type { ValidateFunction } from 'ajv';
import type { SchemaCatalog } from '../../forms/schema-catalog';
import { issuesOf, type SchemaIssue, sharedSchemaValidator } from '../json-schema';
import { prepareMetadataValidation } from '../metadata-schema';

/** Each schema is compiled once for the process, whichever catalog (department) holds it. */
const compiledSchemas = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let validate = compiledSchemas.get(schema);
  if (validate === undefined) {
    validate = sharedSchemaValidator().compile(schema);
    compiledSchemas.set(schema, validate);
  }
  return validate;
}

/**
 * The service schemas known locally (the catalog). Compiling a schema takes a tenth of a second or more, and
 * was done on the first submission naming it, inside the case worker's first sync; so the metadata schemas and
 * every catalog schema are compiled in the background once the subscriber is set up, one per turn of the
 * event loop so requests in between are not held up.
 */
export class DataSchemas {
  constructor(private readonly catalog: Pick<SchemaCatalog, 'entries' | 'schemaFor'>) {
    const pending: (() => void)[] = [
      prepareMetadataValidation,
      ...catalog.entries.map((entry) => () => void this.schemaOf(entry.schemaUri)),
    ];
    const next = () => {
      try {
        pending.shift()?.();
      } catch {
        // A schema that does not compile fails its submissions' check in their sync, with its reason.
      }
      if (pending.length > 0) setImmediate(next).unref();
    };
    setImmediate(next).unref();
  }

  private schemaOf(schemaUri: string): ValidateFunction | undefined {
    const schema = this.catalog.schemaFor(schemaUri);
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
    return validatorOf(schema);
  }

  /** The data mime type the service's schema is written for, when the schema is known. */
  mimeTypeOf(schemaUri: string): string | undefined {
    return this.catalog.entries.find((entry) => entry.schemaUri === schemaUri)?.mimeType;
  }

  /** The violations of `value` against the schema, or undefined when the schema is not known locally. */
  validate(schemaUri: string, value: unknown): SchemaIssue[] | undefined {
    const validate = this.schemaOf(schemaUri);
    if (validate === undefined) return undefined;
    return validate(value) ? [] : issuesOf(validate);
  }
}
