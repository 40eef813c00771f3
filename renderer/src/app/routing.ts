import { useCallback, useEffect, useState } from 'react';
import { parseRoute, type Route, routeHash } from './routes';

/** The current hash route and the one before it, following back/forward and links. */
export function useHashRoute(): { route: Route; previous: Route | null; navigate: (route: Route) => void } {
  const [state, setState] = useState<{ route: Route; previous: Route | null }>(() => ({
    route: parseRoute(window.location.hash),
    previous: null,
  }));
  useEffect(() => {
    const onChange = () =>
      setState(({ route }) => ({ route: parseRoute(window.location.hash), previous: route }));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: Route) => {
    window.location.hash = routeHash(next);
  }, []);
  return { ...state, navigate };
}
