/**
 * The checks a JSON Schema cannot express: unique ids, secure addresses, a file-reference pattern with
 * exactly one sequence number, IBAN check digits. Pure: a schema-valid profile in, issues out.
 */
import { type ProfileIssue, profileIssue } from './errors';
import type { DepartmentModeProfile, DepartmentProfile, ProfileTarget } from './types';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https everywhere; plain http only to 127.0.0.1 and only in a demo profile (the local platform). */
export function isAllowedUrl(value: string, demo: boolean): boolean {
  const url = new URL(value);
  return url.protocol === 'https:' || (demo && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/** ISO 13616: move the first four characters to the end, letters to numbers, the whole mod 97 must be 1. */
export function ibanChecksumValid(iban: string): boolean {
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (letter) =>
    String(letter.charCodeAt(0) - 55),
  );
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}

function duplicates<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  items.forEach((item, index) => {
    const value = key(item);
    if (seen.has(value)) repeated.push(index);
    seen.add(value);
  });
  return repeated;
}

function targetUrl(target: ProfileTarget): string | undefined {
  return target.kind === 'http' ? target.url : undefined;
}

/** Department mode: the identity provider and the service are reached over https:// (loopback in a demo). */
export function checkDepartmentModeRules(profile: DepartmentModeProfile): ProfileIssue[] {
  const demo = profile.demo === true;
  const urls: [string, string][] = [
    ['/identityProvider/issuer', profile.identityProvider.issuer],
    ['/departmentService/url', profile.departmentService.url],
  ];
  return urls
    .filter(([, url]) => !isAllowedUrl(url, demo))
    .map(([path]) => profileIssue(path, 'insecure-url'));
}

export function checkProfileRules(profile: DepartmentProfile): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  const demo = profile.demo === true;

  for (const index of duplicates(profile.destinations, (destination) =>
    destination.destinationId.toLowerCase(),
  )) {
    issues.push(profileIssue(`/destinations/${index}/destinationId`, 'duplicate'));
  }
  for (const index of duplicates(profile.services, (service) => service.identifier)) {
    issues.push(profileIssue(`/services/${index}/identifier`, 'duplicate'));
  }
  for (const index of duplicates(profile.services, (service) => service.code)) {
    issues.push(profileIssue(`/services/${index}/code`, 'duplicate'));
  }

  const urls: [string, string | undefined][] = [
    ['/identityProvider/issuer', profile.identityProvider.issuer],
    ['/fitConnect/tokenUrl', profile.fitConnect.tokenUrl],
    ['/fitConnect/submissionApiUrl', profile.fitConnect.submissionApiUrl],
    ['/handover/url', targetUrl(profile.handover)],
    ['/archive/url', targetUrl(profile.archive)],
  ];
  for (const [path, url] of urls) {
    if (url !== undefined && !isAllowedUrl(url, demo)) issues.push(profileIssue(path, 'insecure-url'));
  }

  issues.push(...checkEmailRules(profile, demo));

  const sequences = profile.department.fileReferencePattern.match(/\{seq:[1-9]\}/g) ?? [];
  if (sequences.length !== 1) {
    issues.push(profileIssue('/department/fileReferencePattern', 'file-reference-pattern'));
  }

  const iban = profile.department.bank?.iban;
  if (iban !== undefined && !ibanChecksumValid(iban))
    issues.push(profileIssue('/department/bank/iban', 'iban-checksum'));
  return issues;
}

/** SMTP sign-in needs both halves; sending without STARTTLS only to a local demo server. */
function checkEmailRules(profile: DepartmentProfile, demo: boolean): ProfileIssue[] {
  const email = profile.delivery?.email;
  if (email === undefined) return [];
  const issues: ProfileIssue[] = [];
  if (email.user !== undefined && email.password === undefined)
    issues.push(profileIssue('/delivery/email/password', 'required'));
  if (email.password !== undefined && email.user === undefined)
    issues.push(profileIssue('/delivery/email/user', 'required'));
  if (email.requireTls === false && !email.secure && !(demo && LOOPBACK_HOSTS.has(email.host)))
    issues.push(profileIssue('/delivery/email/requireTls', 'insecure-smtp'));
  return issues;
}
