/**
 * Turns a submission's form data and its JSON Schema into a render tree a case worker can read: German
 * titles from the schema, nested objects as sections, arrays of objects as tables, arrays of scalars as
 * lists, dates and numbers formatted for the locale, booleans as Ja/Nein, enum values by their labels.
 * Without a schema (or where data and schema disagree) the data's own shape decides, so nothing the
 * citizen sent is ever hidden. Pure: formatting options and words come in as parameters.
 */

import type { JsonObject, JsonValue } from '../cases/types';
import { type FormatOptions, formatCalendarDate, formatDateTime, formatNumber } from './format';
import {
  additionalProperty,
  enumKey,
  enumLabels,
  isObject,
  itemSchema,
  objectProperties,
  resolveSchema,
  type Schema,
} from './json-schema';

export type ValueType = 'text' | 'number' | 'date' | 'boolean' | 'enum' | 'empty';

export interface FormValue {
  type: ValueType;
  text: string;
}

export interface FormColumn {
  path: string;
  label: string;
}

export type FormNode =
  | { kind: 'field'; path: string; label: string; value: FormValue }
  | { kind: 'section'; path: string; label: string; children: FormNode[] }
  | { kind: 'list'; path: string; label: string; items: FormValue[] }
  | { kind: 'table'; path: string; label: string; columns: FormColumn[]; rows: FormValue[][] };

export interface FormTree {
  /** The schema's own title, when it has one. */
  title: string | null;
  nodes: FormNode[];
}

export interface FormWords extends FormatOptions {
  yes: string;
  no: string;
  /** Shown for null and empty strings. */
  empty: string;
  /** Label of the n-th (1-based) entry of a list that cannot be a table. */
  item: (n: number) => string;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

interface Ctx {
  root: JsonValue;
  words: FormWords;
}

export function buildFormTree(schema: JsonValue | null, data: JsonValue, words: FormWords): FormTree {
  const ctx: Ctx = { root: schema ?? {}, words };
  const resolved = schema === null ? null : resolveSchema(schema, schema);
  const title = typeof resolved?.title === 'string' ? resolved.title : null;
  if (isObject(data)) return { title, nodes: objectChildren(ctx, resolved, data, '') };
  return { title, nodes: [node(ctx, resolved, data, '', title ?? '')] };
}

function objectChildren(ctx: Ctx, schema: Schema | null, data: JsonObject, path: string): FormNode[] {
  const known = objectProperties(ctx.root, schema);
  return orderedKeys(known, data).map((key) => {
    const child = resolveSchema(ctx.root, known.get(key) ?? additionalProperty(schema));
    return node(ctx, child, data[key] ?? null, `${path}/${escapeKey(key)}`, labelOf(child, key));
  });
}

function node(ctx: Ctx, schema: Schema | null, data: JsonValue, path: string, label: string): FormNode {
  if (isObject(data))
    return { kind: 'section', path, label, children: objectChildren(ctx, schema, data, path) };
  if (Array.isArray(data)) return arrayNode(ctx, schema, data, path, label);
  return { kind: 'field', path, label, value: scalar(ctx, schema, data) };
}

function arrayNode(
  ctx: Ctx,
  schema: Schema | null,
  items: JsonValue[],
  path: string,
  label: string,
): FormNode {
  const itemSchemas = items.map((_, index) => resolveSchema(ctx.root, itemSchema(schema, index)));
  if (items.every((item) => !isObject(item) && !Array.isArray(item))) {
    return {
      kind: 'list',
      path,
      label,
      items: items.map((item, i) => scalar(ctx, itemSchemas[i] ?? null, item)),
    };
  }
  if (items.every((item) => isObject(item) && isFlat(item))) {
    return tableNode(ctx, itemSchemas, items as JsonObject[], path, label);
  }
  const children = items.map((item, index) =>
    node(ctx, itemSchemas[index] ?? null, item, `${path}/${index}`, ctx.words.item(index + 1)),
  );
  return { kind: 'section', path, label, children };
}

/** Objects whose values are scalars or objects of scalars (however deep) fit in table columns. */
function isFlat(value: JsonObject): boolean {
  return Object.values(value).every((entry) => !Array.isArray(entry) && (!isObject(entry) || isFlat(entry)));
}

interface Column extends FormColumn {
  /** Keys from the row object down to the cell. */
  keys: string[];
}

function tableNode(
  ctx: Ctx,
  itemSchemas: (Schema | null)[],
  rows: JsonObject[],
  path: string,
  label: string,
): FormNode {
  const columns = new Map<string, Column>();
  for (const [index, row] of rows.entries())
    collectColumns(ctx, itemSchemas[index] ?? null, row, [], [], columns);
  const list = [...columns.values()];
  return {
    kind: 'table',
    path,
    label,
    columns: list.map(({ path: columnPath, label: columnLabel }) => ({
      path: `${path}/*${columnPath}`,
      label: columnLabel,
    })),
    rows: rows.map((row, rowIndex) =>
      list.map((column) => {
        const value = valueAt(row, column.keys);
        if (value === undefined) return { type: 'empty', text: ctx.words.empty };
        const schemas = cellSchemas(ctx, itemSchemas[rowIndex] ?? null, column.keys);
        return scalar(ctx, schemas, value);
      }),
    ),
  };
}

/** One column per scalar reached in some row; nested objects add columns labelled by their path. */
function collectColumns(
  ctx: Ctx,
  schema: Schema | null,
  row: JsonObject,
  keys: string[],
  labels: string[],
  columns: Map<string, Column>,
): void {
  const known = objectProperties(ctx.root, schema);
  for (const key of orderedKeys(known, row)) {
    const child = resolveSchema(ctx.root, known.get(key) ?? additionalProperty(schema));
    const value = row[key] ?? null;
    const childKeys = [...keys, key];
    const childLabels = [...labels, labelOf(child, key)];
    if (isObject(value)) collectColumns(ctx, child, value, childKeys, childLabels, columns);
    else {
      const columnPath = childKeys.map((k) => `/${escapeKey(k)}`).join('');
      if (!columns.has(columnPath)) {
        columns.set(columnPath, { path: columnPath, label: childLabels.join(' › '), keys: childKeys });
      }
    }
  }
}

function cellSchemas(ctx: Ctx, schema: Schema | null, keys: string[]): Schema | null {
  let current = schema;
  for (const key of keys) {
    const known = objectProperties(ctx.root, current);
    current = resolveSchema(ctx.root, known.get(key) ?? additionalProperty(current));
  }
  return current;
}

function valueAt(row: JsonObject, keys: string[]): JsonValue | undefined {
  let current: JsonValue | undefined = row;
  for (const key of keys)
    current = isObject(current) && Object.hasOwn(current, key) ? current[key] : undefined;
  return current;
}

function scalar(ctx: Ctx, schema: Schema | null, value: JsonValue): FormValue {
  const { words } = ctx;
  if (value === null || value === '') return { type: 'empty', text: words.empty };
  const labels = enumLabels(ctx.root, schema);
  const label = labels.get(enumKey(value));
  if (label !== undefined) return { type: 'enum', text: label };
  if (typeof value === 'boolean') return { type: 'boolean', text: value ? words.yes : words.no };
  if (typeof value === 'number') return { type: 'number', text: formatNumber(value, words) };
  if (typeof value !== 'string') return { type: 'text', text: JSON.stringify(value) };
  const format = schema?.format;
  // Without a schema, ISO dates are still recognisable; with one, only its `format` says so.
  const asDate = format === 'date' || (schema === null && /^\d{4}-\d{2}-\d{2}$/.test(value));
  const asDateTime = format === 'date-time' || (schema === null && ISO_DATE_TIME.test(value));
  if (asDate) {
    const text = formatCalendarDate(value, words);
    if (text !== null) return { type: 'date', text };
  }
  if (asDateTime && !Number.isNaN(Date.parse(value)))
    return { type: 'date', text: formatDateTime(value, words) };
  return { type: 'text', text: value };
}

/** The schema's order first, then keys the schema does not know, in the order the data names them. */
function orderedKeys(known: Map<string, JsonValue>, data: JsonObject): string[] {
  const keys = [...known.keys()].filter((key) => Object.hasOwn(data, key));
  for (const key of Object.keys(data)) if (!known.has(key)) keys.push(key);
  return keys;
}

function labelOf(schema: Schema | null, key: string): string {
  return typeof schema?.title === 'string' && schema.title.trim() !== '' ? schema.title : key;
}

/** JSON-pointer escaping keeps paths unique even for keys containing `/`. */
function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
