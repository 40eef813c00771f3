/**
 * Turns form data into labelled lines using its JSON Schema: titles as labels, enum labels (`oneOf` with
 * `const`/`title`, or `enum` with `x-enum-labels`), German dates and numbers. Used for the form PDF.
 */
export interface FormLine {
  depth: number;
  label: string;
  /** Absent for a heading (an object or a list item). */
  value?: string;
}

interface Schema {
  $ref?: string;
  title?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: { const?: unknown; title?: string }[];
  'x-enum-labels'?: Record<string, string>;
  $defs?: Record<string, Schema>;
}

function resolve(root: Schema, schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const target = root.$defs?.[schema.$ref.replace('#/$defs/', '')] ?? {};
  return { ...target, ...(schema.title === undefined ? {} : { title: schema.title }) };
}

function formatValue(schema: Schema, value: unknown): string {
  const label =
    schema.oneOf?.find((option) => option.const === value)?.title ?? schema['x-enum-labels']?.[String(value)];
  if (label !== undefined) return label;
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value === 'number') return value.toLocaleString('de-DE');
  if (schema.format === 'date' && typeof value === 'string') {
    const [year, month, day] = value.split('-');
    return `${day}.${month}.${year}`;
  }
  return String(value);
}

export function formLines(root: object, data: unknown): FormLine[] {
  const lines: FormLine[] = [];
  const walk = (schema: Schema, value: unknown, label: string, depth: number) => {
    const resolved = resolve(root as Schema, schema);
    if (Array.isArray(value)) {
      const item = resolve(root as Schema, resolved.items ?? {});
      if (value.every((entry) => typeof entry !== 'object' || entry === null)) {
        lines.push({ depth, label, value: value.map((entry) => formatValue(item, entry)).join(', ') });
        return;
      }
      lines.push({ depth, label });
      for (const [index, entry] of value.entries()) {
        walk(item, entry, `${item.title ?? 'Eintrag'} ${index + 1}`, depth + 1);
      }
      return;
    }
    if (typeof value === 'object' && value !== null) {
      if (depth >= 0) lines.push({ depth, label });
      for (const [key, child] of Object.entries(resolved.properties ?? {})) {
        const entry = (value as Record<string, unknown>)[key];
        if (entry !== undefined) walk(child, entry, child.title ?? key, depth + 1);
      }
      return;
    }
    lines.push({ depth, label, value: formatValue(resolved, value) });
  };
  walk(root as Schema, data, (root as Schema).title ?? '', -1);
  return lines;
}
