import { describe, expect, it } from 'vitest';
import { claimValue, principalFromClaims } from '../../../main/auth/claims';
import { AuthError } from '../../../main/auth/errors';

describe('principal from claims', () => {
  it('uses the default claim names', () => {
    expect(
      principalFromClaims({
        sub: 's1',
        name: 'Anna Schmidt',
        department: 'buergerservice',
        roles: ['Teamleitung'],
      }),
    ).toEqual({
      userId: 's1',
      displayName: 'Anna Schmidt',
      department: 'buergerservice',
      roles: ['Teamleitung'],
    });
  });

  it('reads configured names: URL-like keys, dotted paths, space-separated role strings', () => {
    const claims = {
      sub: 's2',
      'https://stadt.example/ou': 'ordnungsamt',
      realm_access: { roles: ['ad-sb', 'offline_access'] },
      preferred_username: 'l.wagner',
    };
    expect(
      principalFromClaims(claims, {
        claimNames: {
          department: 'https://stadt.example/ou',
          roles: 'realm_access.roles',
          displayName: 'given',
        },
        roleMap: { 'ad-sb': 'Sachbearbeitung' },
      }),
    ).toEqual({
      userId: 's2',
      displayName: 'l.wagner',
      department: 'ordnungsamt',
      roles: ['Sachbearbeitung'],
    });
    expect(
      principalFromClaims({ sub: 's3', department: 'x', roles: 'Teamleitung Administration' }).roles,
    ).toEqual(['Teamleitung', 'Administration']);
    expect(claimValue({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(claimValue({ a: 1 }, 'a.b')).toBeUndefined();
  });

  it('ignores unknown role values and duplicates', () => {
    const principal = principalFromClaims(
      { sub: 's4', department: 'x', roles: ['Sachbearbeitung', 'sb', 'Gast', 'Sachbearbeitung'] },
      { roleMap: { sb: 'Sachbearbeitung' } },
    );
    expect(principal.roles).toEqual(['Sachbearbeitung']);
    expect(principal.displayName).toBe('s4');
  });

  it.each([
    [{ department: 'x', roles: ['Teamleitung'] }, 'idp-invalid-response'],
    [{ sub: 's5', roles: ['Teamleitung'] }, 'missing-department'],
    [{ sub: 's5', department: '  ', roles: ['Teamleitung'] }, 'missing-department'],
    [{ sub: 's5', department: 'x' }, 'missing-role'],
    [{ sub: 's5', department: 'x', roles: ['Gast'] }, 'missing-role'],
    [{ sub: 's5', department: 'x', roles: 42 }, 'missing-role'],
  ])('refuses %j with %s', (claims, code) => {
    expect(() => principalFromClaims(claims)).toThrow(AuthError);
    try {
      principalFromClaims(claims);
    } catch (error) {
      expect((error as AuthError).code).toBe(code);
    }
  });
});
