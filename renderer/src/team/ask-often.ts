import type { Api } from '../api/client';

/**
 * Asks now, whenever cases change, and every `pollMs` (presences expire and reminders come due in main
 * without an event); answers the cleanup for an effect.
 */
export function askOnChanges(api: Pick<Api, 'on'>, ask: () => void, pollMs: number): () => void {
  ask();
  const poll = setInterval(ask, pollMs);
  const off = api.on('cases.changed', () => ask());
  return () => {
    clearInterval(poll);
    off();
  };
}
