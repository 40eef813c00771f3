/**
 * From identity-provider claims to a principal. Claim names differ between providers, so they are
 * configured; role values may be the provider's own group names, mapped to Antragsdesk roles.
 */

import { isRole, type Principal, type Role } from '../../shared/auth/roles';
import { AuthError } from './errors';

export interface ClaimNames {
  department: string;
  roles: string;
  displayName: string;
}

export const DEFAULT_CLAIM_NAMES: Readonly<ClaimNames> = {
  department: 'department',
  roles: 'roles',
  displayName: 'name',
};

export interface ClaimMapping {
  claimNames?: Partial<ClaimNames>;
  /** Provider role or group value → Antragsdesk role; values that already are role names need no entry. */
  roleMap?: Readonly<Record<string, Role>>;
}

export type Claims = Readonly<Record<string, unknown>>;

/**
 * A claim by name: first as a plain key (names may contain dots, e.g. URLs), then as a dotted path into
 * nested objects (e.g. `realm_access.roles`).
 */
export function claimValue(claims: Claims, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A list claim as strings; some providers send one space- or comma-separated string instead of an array. */
function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item !== '');
  return [];
}

function mapRoles(values: readonly string[], roleMap: Readonly<Record<string, Role>>): Role[] {
  const roles = new Set<Role>();
  for (const value of values) {
    const role = Object.hasOwn(roleMap, value) ? roleMap[value] : isRole(value) ? value : undefined;
    if (role !== undefined) roles.add(role);
  }
  return [...roles];
}

export function principalFromClaims(claims: Claims, mapping: ClaimMapping = {}): Principal {
  const names = { ...DEFAULT_CLAIM_NAMES, ...mapping.claimNames };
  const userId = nonEmptyString(claims.sub);
  if (userId === undefined) throw new AuthError('idp-invalid-response');
  const department = nonEmptyString(claimValue(claims, names.department));
  if (department === undefined) throw new AuthError('missing-department', { userId });
  const roles = mapRoles(stringList(claimValue(claims, names.roles)), mapping.roleMap ?? {});
  if (roles.length === 0) throw new AuthError('missing-role', { userId });
  const displayName =
    nonEmptyString(claimValue(claims, names.displayName)) ??
    nonEmptyString(claims.preferred_username) ??
    userId;
  return { userId, displayName, department, roles };
}
