import type { Metadata } from '../metadata';

/**
 * Case fields read from the content: who applied (for the inbox) and the eID level of assurance. Display
 * values only; nothing here is trusted for a decision.
 */

/** Where the services put the applicant, most specific first (see assets/services/*.schema.json). */
const APPLICANT_FIELDS = ['antragsteller', 'antragstellerin', 'halter', 'personen', 'inhaber', 'person'];
const MAX_NAME_LENGTH = 200;

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** "Dr. Maria Anna Beispiel", a company name, or undefined when the form data names nobody. */
export function applicantNameOf(data: unknown): string | undefined {
  if (!isFields(data)) return undefined;
  for (const field of APPLICANT_FIELDS) {
    const name = holderName(data[field]);
    if (name !== undefined) return name.slice(0, MAX_NAME_LENGTH);
  }
  return personName(data)?.slice(0, MAX_NAME_LENGTH);
}

function holderName(holder: unknown): string | undefined {
  if (Array.isArray(holder)) return holderName(holder[0]);
  if (!isFields(holder)) return text(holder);
  // A company applies in its own name; the person named beside it is its contact.
  return (
    text(holder.firma) ??
    (isFields(holder.name) ? personName(holder.name) : text(holder.name)) ??
    personName(holder)
  );
}

function personName(fields: Fields): string | undefined {
  const given = text(fields.vornamen) ?? text(fields.vorname);
  const family = text(fields.familienname) ?? text(fields.nachname);
  if (given === undefined && family === undefined) return undefined;
  return [text(fields.doktorgrad), given, family].filter((part) => part !== undefined).join(' ');
}

const EIDAS_LEVEL = /^https?:\/\/eidas\.europa\.eu\/LoA\/(low|substantial|high)$/;
const LEVEL_FIELDS = ['assuranceLevel', 'levelOfAssurance', 'loa'];

/**
 * The level of assurance from the metadata's identification report. **Unconfirmed** report format: read as
 * base64url JSON (or the payload of a JWS) with one of LEVEL_FIELDS; eIDAS URIs are shortened to the level.
 */
export function levelOfAssuranceOf(metadata: Metadata | undefined): string | null {
  for (const info of metadata?.authenticationInformation ?? []) {
    if (info.type !== 'identificationReport') continue;
    const segments = info.content.split('.');
    const payload = segments.length === 3 ? segments[1] : info.content;
    const report = decodeJson(payload ?? '');
    if (!isFields(report)) continue;
    for (const field of LEVEL_FIELDS) {
      const level = text(report[field]);
      if (level !== undefined) return (EIDAS_LEVEL.exec(level)?.[1] ?? level).slice(0, 100);
    }
  }
  return null;
}

function decodeJson(base64url: string): unknown {
  try {
    return JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
