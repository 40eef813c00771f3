/**
 * The applicant's name for the inbox, found in the form data without knowing the service: the first object
 * (depth first, in document order) carrying given and family names, else a company name. Forms name these
 * fields differently; the table below is the one place that knows the spellings.
 */
import type { JsonValue } from '../../shared/cases/types';

const GIVEN = ['vornamen', 'vorname', 'givenName', 'given_name'];
const FAMILY = ['familienname', 'nachname', 'familyName', 'family_name'];
const COMPANY = ['firma', 'firmenname', 'betriebsname'];

export function applicantName(data: JsonValue): string | null {
  return findPerson(data) ?? findCompany(data);
}

function findPerson(value: JsonValue): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findPerson(item);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const given = pick(value, GIVEN);
  const family = pick(value, FAMILY);
  if (given && family) return `${given} ${family}`;
  for (const child of Object.values(value)) {
    const found = findPerson(child);
    if (found) return found;
  }
  return null;
}

function findCompany(value: JsonValue): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (!Array.isArray(value)) {
    const company = pick(value, COMPANY);
    if (company) return company;
  }
  for (const child of Object.values(value)) {
    const found = findCompany(child);
    if (found) return found;
  }
  return null;
}

function pick(object: { [key: string]: JsonValue }, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}
