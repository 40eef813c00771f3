/**
 * Whether the department service can be reached, told to the desk once per change. `since` is when it was
 * lost, kept while the event stream keeps failing to reconnect, so the banner's time stays put.
 */
import type { Connectivity } from '../../shared/replica/types';

export function trackConnectivity(
  emit: (state: Connectivity) => void,
  now: () => Date,
): { update(reachable: boolean): void; current(): Connectivity } {
  let state: Connectivity = { online: true };
  return {
    update(reachable) {
      if (reachable === state.online) return;
      state = reachable ? { online: true } : { online: false, since: now().toISOString() };
      emit(state);
    },
    current: () => state,
  };
}
