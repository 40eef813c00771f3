/**
 * Source paths of a mapping: a JSON Pointer (RFC 6901) into the form data (`/antragsteller/name`), into
 * the FIT-Connect metadata (`$meta/publicServiceType/name`), or a case field (`$case/fileReference`).
 */
import { CASE_SOURCE_FIELDS, type CaseSourceField, type Source } from './model';

const META_PREFIX = '$meta';
const CASE_PREFIX = '$case/';
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** Parses a source path; on failure returns why, in words fit for a mapping author. */
export function parseSource(text: string): { source: Source } | { reason: string } {
  if (text.startsWith(CASE_PREFIX)) {
    const field = text.slice(CASE_PREFIX.length);
    return isCaseField(field)
      ? { source: { from: 'case', field } }
      : { reason: `"$case/" must be followed by one of ${CASE_SOURCE_FIELDS.join(', ')}` };
  }
  const fromMetadata = text.startsWith(`${META_PREFIX}/`);
  const pointer = parsePointer(fromMetadata ? text.slice(META_PREFIX.length) : text);
  if (typeof pointer === 'string') return { reason: pointer };
  return { source: { from: fromMetadata ? 'metadata' : 'data', pointer } };
}

function isCaseField(field: string): field is CaseSourceField {
  return (CASE_SOURCE_FIELDS as readonly string[]).includes(field);
}

/** The reference tokens of a non-empty JSON Pointer, or why it is not one. */
function parsePointer(text: string): readonly string[] | string {
  if (!text.startsWith('/')) {
    return 'must be a JSON Pointer starting with "/" (e.g. "/antragsteller/name"), "$meta/…" or "$case/…"';
  }
  const tokens = text.slice(1).split('/');
  for (const token of tokens) {
    if (token === '') return 'must not contain an empty segment ("//" or a trailing "/")';
    if (/~(?![01])/.test(token)) return 'may use "~" only in the escapes "~0" (for ~) and "~1" (for /)';
  }
  return tokens.map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Follows the tokens through objects and arrays; `undefined` when any step is absent. */
export function resolvePointer(root: unknown, tokens: readonly string[]): unknown {
  let current = root;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(token)) return undefined;
      current = current[Number(token)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}
