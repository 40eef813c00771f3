/** What a case's form data is, from its media type: FIT-Connect knows JSON and XML. */
export type DataKind = 'json' | 'xml';

/** `application/json`, `application/xml`, `text/xml` and their `+json`/`+xml` relatives, parameters aside. */
export function dataKindOf(mimeType: string): DataKind | undefined {
  const base = mimeType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (base === 'application/json' || base.endsWith('+json')) return 'json';
  if (base === 'application/xml' || base === 'text/xml' || base.endsWith('+xml')) return 'xml';
  return undefined;
}
