import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import openapi from '../../platform/openapi.json' with { type: 'json' };
import type { Exchange } from './platform-harness';

/**
 * Checks recorded exchanges against platform/openapi.json: the operation must exist, the status must be
 * documented, and the body must validate against the documented schema for its content type.
 */
type Operation = {
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
};

const ID = 'urn:antragsdesk:platform-openapi';
/** Keys of a path item that are operations (a path item also holds `servers`, `parameters` …). */
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const paths = openapi.paths as unknown as Record<string, Record<string, Operation>>;

function pointerSegment(text: string): string {
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

function matchPath(path: string): string | undefined {
  return Object.keys(paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path),
  );
}

export function createOpenApiChecker() {
  // Not strict: the document around the schemas (paths, info …) is not itself a JSON Schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(openapi as object, ID);
  const validators = new Map<string, ValidateFunction>();
  const covered = new Set<string>();

  function check(exchange: Exchange): string[] {
    const template = matchPath(exchange.path);
    const method = exchange.method.toLowerCase();
    const operation = template === undefined ? undefined : paths[template]?.[method];
    if (template === undefined || operation === undefined)
      return [`${exchange.method} ${exchange.path}: no such operation`];
    const status = String(exchange.response.status);
    let response = operation.responses[status];
    let pointer = `#/paths/${pointerSegment(template)}/${method}/responses/${status}`;
    if (response?.$ref !== undefined) {
      pointer = response.$ref;
      response = (openapi.components.responses as Record<string, typeof response>)[
        response.$ref.split('/').pop() ?? ''
      ];
    }
    if (response === undefined) return [`${exchange.method} ${template}: status ${status} not documented`];
    covered.add(`${method} ${template} ${status}`);
    const contentTypes = Object.keys(response.content ?? {});
    if (contentTypes.length === 0) {
      return exchange.response.text === ''
        ? []
        : [`${exchange.method} ${template} ${status}: body not documented`];
    }
    const contentType = exchange.response.contentType;
    if (!contentTypes.includes(contentType))
      return [`${exchange.method} ${template} ${status}: content type ${contentType} not documented`];
    const key = `${pointer}/content/${pointerSegment(contentType)}/schema`;
    let validate = validators.get(key);
    if (validate === undefined) {
      validate = ajv.getSchema(`${ID}${key}`);
      if (validate === undefined) return [`no schema at ${key}`];
      validators.set(key, validate);
    }
    const body = exchange.response.json ?? exchange.response.text;
    return validate(body)
      ? []
      : [
          `${exchange.method} ${template} ${status}: ${JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message}`))}`,
        ];
  }

  /** Every documented operation that no checked exchange used. */
  function unexercised(): string[] {
    return Object.entries(paths).flatMap(([template, operations]) =>
      Object.keys(operations)
        .filter((key) => HTTP_METHODS.has(key))
        .filter((method) => ![...covered].some((entry) => entry.startsWith(`${method} ${template} `)))
        .map((method) => `${method.toUpperCase()} ${template}`),
    );
  }

  return { check, unexercised, covered };
}
