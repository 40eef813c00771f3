import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../main/auth/errors';
import { requirePermission } from '../../../main/auth/permission';
import {
  ACTIONS,
  type Action,
  CASE_ACTIONS,
  can,
  type Principal,
  ROLES,
  type Role,
  roleAllows,
} from '../../../shared/auth/roles';

/** The table as the brief states it, written out independently of the implementation. */
const EXPECTED: Record<Role, Record<Action, boolean>> = {
  Sachbearbeitung: {
    'case.read': true,
    'case.process': true,
    'case.reassign': false,
    'case.readAll': false,
    'settings.manage': false,
    'profile.import': false,
  },
  Teamleitung: {
    'case.read': true,
    'case.process': true,
    'case.reassign': true,
    'case.readAll': true,
    'settings.manage': false,
    'profile.import': false,
  },
  Administration: {
    'case.read': false,
    'case.process': false,
    'case.reassign': false,
    'case.readAll': false,
    'settings.manage': true,
    'profile.import': true,
  },
};

const principal = (roles: Role[], department = 'buergerservice'): Principal => ({
  userId: 'u-1',
  displayName: 'Test',
  department,
  roles,
});

/** Every subset of the roles, the empty one included. */
const roleSets: Role[][] = Array.from({ length: 2 ** ROLES.length }, (_, mask) =>
  ROLES.filter((_, index) => (mask >> index) & 1),
);

describe('permission table', () => {
  it.each(ROLES.flatMap((role) => ACTIONS.map((action) => [role, action] as const)))(
    '%s → %s',
    (role, action) => {
      expect(roleAllows(role, action)).toBe(EXPECTED[role][action]);
      expect(can(principal([role]), action)).toBe(EXPECTED[role][action]);
      expect(can(principal([role]), action, { department: 'buergerservice' })).toBe(EXPECTED[role][action]);
    },
  );

  it('combines roles as the union of their permissions, for every combination', () => {
    for (const roles of roleSets) {
      for (const action of ACTIONS) {
        expect(can(principal(roles), action)).toBe(roles.some((role) => EXPECTED[role][action]));
      }
    }
  });

  it('Administration reads no case data, even of its own department', () => {
    const admin = principal(['Administration']);
    for (const action of CASE_ACTIONS) {
      expect(can(admin, action, { department: admin.department })).toBe(false);
      expect(() => requirePermission(admin, action, { department: admin.department })).toThrow(AuthError);
    }
  });

  it('case actions on another department are refused for every role', () => {
    for (const roles of roleSets) {
      for (const action of CASE_ACTIONS) {
        expect(can(principal(roles), action, { department: 'ordnungsamt' })).toBe(false);
      }
    }
  });

  it('settings and profile actions ignore the case scope', () => {
    const admin = principal(['Administration']);
    expect(can(admin, 'settings.manage', { department: 'ordnungsamt' })).toBe(true);
    expect(can(admin, 'profile.import', { department: 'ordnungsamt' })).toBe(true);
  });

  it('requirePermission throws a coded forbidden error naming the user id and action only', () => {
    const worker = principal(['Sachbearbeitung']);
    expect(() => requirePermission(worker, 'case.process', { department: 'buergerservice' })).not.toThrow();
    let caught: unknown;
    try {
      requirePermission(worker, 'case.reassign');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect(caught).toMatchObject({ code: 'forbidden', userId: 'u-1', action: 'case.reassign' });
    expect((caught as Error).message).toBe(
      'This action is not permitted for the signed-in user. (user u-1, action case.reassign)',
    );
    expect((caught as Error).message).not.toContain('Test');
  });
});
