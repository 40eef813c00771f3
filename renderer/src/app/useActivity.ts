import { useEffect } from 'react';
import { useApi } from '../api/context';

/** Tell main at most every 30 s that someone is working, so the idle lock does not strike mid-task. */
const ACTIVITY_INTERVAL_MS = 30_000;

export function useActivity(enabled: boolean): void {
  const api = useApi();
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - last < ACTIVITY_INTERVAL_MS) return;
      last = now;
      api.call('session.activity', {}).catch(() => undefined);
    };
    document.addEventListener('keydown', onActivity, true);
    document.addEventListener('pointerdown', onActivity, true);
    return () => {
      document.removeEventListener('keydown', onActivity, true);
      document.removeEventListener('pointerdown', onActivity, true);
    };
  }, [api, enabled]);
}
