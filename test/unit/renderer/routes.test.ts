import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from '../../../renderer/src/app/routes';

const id = '3f2a9c1e-8b7d-4c6a-9e5f-1a2b3c4d5e6f';

describe('hash routes', () => {
  it('round-trips every screen', () => {
    for (const route of [
      { screen: 'inbox' as const },
      { screen: 'settings' as const },
      { screen: 'team' as const },
      { screen: 'case' as const, caseId: id },
    ]) {
      expect(parseRoute(routeHash(route))).toEqual(route);
    }
  });

  it('falls back to the inbox for anything unknown or malformed', () => {
    expect(parseRoute('')).toEqual({ screen: 'inbox' });
    expect(parseRoute('#token=abc')).toEqual({ screen: 'inbox' });
    expect(parseRoute('#/case/not-a-uuid')).toEqual({ screen: 'inbox' });
    expect(parseRoute(`#/case/${id}/x`)).toEqual({ screen: 'inbox' });
    expect(parseRoute('#/settings/extra')).toEqual({ screen: 'inbox' });
  });

  it('normalizes case ids to lower case', () => {
    expect(parseRoute(`#/case/${id.toUpperCase()}`)).toEqual({ screen: 'case', caseId: id });
  });
});
