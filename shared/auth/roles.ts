/**
 * Roles and what they permit: one table, pure, so main's handlers can ask before acting (and
 * `main/auth/permission.ts` refuses) and the table can be tested exhaustively. Case actions are scoped to
 * the principal's own department.
 */
export const ROLES = ['Sachbearbeitung', 'Teamleitung', 'Administration'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  /** Read the cases assigned to oneself or not yet claimed. */
  'case.read',
  /** Claim, edit, accept, reject, notify, hand over and archive a case. */
  'case.process',
  /** Give a case to another case worker. */
  'case.reassign',
  /** See every case of the department, whoever holds it. */
  'case.readAll',
  'settings.manage',
  'profile.import',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions on case data: they need the principal's department to match the case's. */
export const CASE_ACTIONS: ReadonlySet<Action> = new Set([
  'case.read',
  'case.process',
  'case.reassign',
  'case.readAll',
]);

export interface Principal {
  /** The identity provider's subject: stable, and the only thing errors and the audit log name. */
  userId: string;
  displayName: string;
  department: string;
  roles: Role[];
}

const PERMISSIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  Sachbearbeitung: new Set(['case.read', 'case.process']),
  Teamleitung: new Set(['case.read', 'case.process', 'case.reassign', 'case.readAll']),
  // Administration configures the installation and sees no case data at all.
  Administration: new Set(['settings.manage', 'profile.import']),
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** What the role alone permits (no department scope). */
export function roleAllows(role: Role, action: Action): boolean {
  return PERMISSIONS[role].has(action);
}

export interface PermissionScope {
  /** The department that owns the case acted on. */
  department: string;
}

/**
 * Whether the principal may perform the action. Case actions given a scope also require the case to
 * belong to the principal's department.
 */
export function can(principal: Principal, action: Action, scope?: PermissionScope): boolean {
  if (!principal.roles.some((role) => roleAllows(role, action))) return false;
  return scope === undefined || !CASE_ACTIONS.has(action) || scope.department === principal.department;
}
