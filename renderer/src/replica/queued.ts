import type { Api } from '../api/client';

/**
 * Whether a change the desk just made was only queued (department mode, the service unreachable): asked of
 * main after the answer, since the connectivity event may arrive after it. No replica here: never queued.
 */
export async function wasQueued(api: Api, caseId: string): Promise<boolean> {
  try {
    return !(await api.call('replica.state', { caseId })).connectivity.online;
  } catch {
    return false;
  }
}
