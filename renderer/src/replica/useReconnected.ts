import { useEffect, useRef } from 'react';
import { useApi } from '../api/context';

/**
 * Calls `then` each time main reports the department service reachable again (department mode), so a panel
 * drops an error from while it was gone and asks again. Never called on a workstation without a service.
 */
export function useReconnected(then: () => void): void {
  const api = useApi();
  const latest = useRef(then);
  latest.current = then;
  useEffect(
    () =>
      api.on('department.connectivity', (connectivity) => {
        if (connectivity.online) latest.current();
      }),
    [api],
  );
}
