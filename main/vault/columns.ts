/**
 * The one way stored rows become the code's objects: the SQL names each column after its field
 * (`c.file_reference AS fileReference`), so a row comes back in the shape the code uses. The select list
 * is built from a record of every field (the compiler tells when one is missing); afterwards only the
 * values SQLite has no type for (JSON text, 0/1 flags) are converted.
 */
export function columns<T>(fields: { readonly [K in keyof T]-?: true }, table?: string): string {
  return Object.keys(fields)
    .map((field) => {
      const column = field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      const source = table === undefined ? column : `${table}.${column}`;
      return source === field ? field : `${source} AS ${field}`;
    })
    .join(', ');
}
