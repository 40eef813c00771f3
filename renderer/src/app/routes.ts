/**
 * Hash routes: `#/` (inbox), `#/case/<uuid>`, `#/team`, `#/settings`. Hash routing needs no router library and
 * works the same from `app://` and from the loopback server. Pure.
 */
export type Route =
  | { screen: 'inbox' }
  | { screen: 'case'; caseId: string }
  | { screen: 'team' }
  | { screen: 'settings' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const caseMatch = /^\/case\/([^/?]+)$/.exec(path);
  if (caseMatch?.[1] && UUID.test(caseMatch[1]))
    return { screen: 'case', caseId: caseMatch[1].toLowerCase() };
  if (path === '/settings') return { screen: 'settings' };
  if (path === '/team') return { screen: 'team' };
  return { screen: 'inbox' };
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'inbox':
      return '#/';
    case 'case':
      return `#/case/${route.caseId}`;
    case 'team':
      return '#/team';
    case 'settings':
      return '#/settings';
  }
}
