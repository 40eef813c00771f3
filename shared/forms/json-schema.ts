/**
 * Just enough JSON Schema to label form data: local `$ref`s (`#/$defs/…`, `#/definitions/…`), `allOf`
 * merged, and the properties of `oneOf`/`anyOf`/`then`/`else` branches gathered so their titles show
 * whichever branch the data took. Validation is main's job; this only reads titles, formats and enums.
 * Pure.
 */
import type { JsonObject, JsonValue } from '../cases/types';

export type Schema = JsonObject;

const MAX_REF_HOPS = 32;

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes a local JSON pointer (`#/a/b~1c`) against the root document; null when it leads nowhere. */
function deref(root: JsonValue, ref: string): JsonValue | null {
  if (!ref.startsWith('#')) return null;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return null;
  }
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return null;
  let node: JsonValue | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined;
    else return null;
    if (node === undefined) return null;
  }
  return node;
}

/**
 * The schema with its `$ref` followed and `allOf` merged; the referencing schema's own keywords (e.g. a
 * more specific `title`) win over the target's. Returns null for anything that is not an object schema.
 */
export function resolveSchema(root: JsonValue, schema: JsonValue | undefined, hops = 0): Schema | null {
  if (!isObject(schema) || hops > MAX_REF_HOPS) return null;
  let result: Schema = schema;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const { $ref: _ref, ...own } = schema;
    const target = resolveSchema(root, deref(root, ref) ?? undefined, hops + 1);
    result = target ? { ...target, ...own } : own;
  }
  const allOf = result.allOf;
  if (Array.isArray(allOf)) {
    const { allOf: _allOf, ...own } = result;
    let merged: Schema = {};
    for (const part of allOf) {
      const resolved = resolveSchema(root, part, hops + 1);
      if (resolved) merged = mergeSchemas(merged, resolved);
    }
    result = mergeSchemas(merged, own);
  }
  return result;
}

/** `b` wins for plain keywords; `properties` and `required` are combined. */
function mergeSchemas(a: Schema, b: Schema): Schema {
  const merged: Schema = { ...a, ...b };
  const aProps = a.properties;
  const bProps = b.properties;
  if (isObject(aProps) && isObject(bProps)) merged.properties = { ...aProps, ...bProps };
  return merged;
}

/**
 * The schema for each known property of an object: its own (after `allOf`), then those only named in
 * `oneOf`/`anyOf`/`then`/`else` branches. Insertion order is the schema's order.
 */
export function objectProperties(root: JsonValue, schema: Schema | null): Map<string, JsonValue> {
  const properties = new Map<string, JsonValue>();
  if (!schema) return properties;
  const add = (source: Schema | null) => {
    const props = source?.properties;
    if (!isObject(props)) return;
    for (const [key, value] of Object.entries(props)) if (!properties.has(key)) properties.set(key, value);
  };
  add(schema);
  const branches = [schema.oneOf, schema.anyOf].flatMap((list) => (Array.isArray(list) ? list : []));
  for (const branch of [...branches, schema.then, schema.else]) add(resolveSchema(root, branch));
  return properties;
}

/** The schema of a property not listed in `properties`, when `additionalProperties` names one. */
export function additionalProperty(schema: Schema | null): JsonValue | undefined {
  const additional = schema?.additionalProperties;
  return isObject(additional) ? additional : undefined;
}

/** The item schema at `index`: tuple forms (`prefixItems`, array `items`) first, then `items`. */
export function itemSchema(schema: Schema | null, index: number): JsonValue | undefined {
  if (!schema) return undefined;
  const prefix = Array.isArray(schema.prefixItems)
    ? schema.prefixItems
    : Array.isArray(schema.items)
      ? schema.items
      : null;
  if (prefix)
    return index < prefix.length ? prefix[index] : isObject(schema.items) ? schema.items : undefined;
  return isObject(schema.items) ? schema.items : undefined;
}

/**
 * Labels for enumerated values: `oneOf`/`anyOf` of `{const, title}`, or `enum` with `x-enum-labels` given
 * as a parallel array or as an object keyed by value.
 */
export function enumLabels(root: JsonValue, schema: Schema | null): Map<string, string> {
  const labels = new Map<string, string>();
  if (!schema) return labels;
  for (const list of [schema.oneOf, schema.anyOf]) {
    if (!Array.isArray(list)) continue;
    for (const branch of list) {
      const resolved = resolveSchema(root, branch);
      if (resolved && Object.hasOwn(resolved, 'const') && typeof resolved.title === 'string') {
        labels.set(enumKey(resolved.const ?? null), resolved.title);
      }
    }
  }
  const values = schema.enum;
  const given = schema['x-enum-labels'];
  if (Array.isArray(values) && Array.isArray(given)) {
    values.forEach((value, index) => {
      const label = given[index];
      if (typeof label === 'string') labels.set(enumKey(value), label);
    });
  } else if (isObject(given)) {
    for (const [value, label] of Object.entries(given))
      if (typeof label === 'string') labels.set(value, label);
  }
  return labels;
}

/** Enum values are compared by their text, so `1` and `"1"` find the same label (labels are keyed by text). */
export function enumKey(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
