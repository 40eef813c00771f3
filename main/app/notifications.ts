/**
 * How the app learns of new submissions: FIT-Connect callbacks when the profile gives a destination a
 * callback secret (the receiver syncs that destination's department at once), and polling as the fallback
 * (the signed-in person's department, every `pollIntervalMs`). A sync that fails is tried again at the next
 * poll; its outcome shows in the sync status as after a manual sync.
 */
import type { EventHub } from '../api/events';
import type { SecretStore } from '../auth/secret-store';
import { type CallbackReceiver, startCallbackReceiver } from '../fitconnect/subscriber/callback-receiver';
import type { Logger } from '../log/logger';
import { loadCallbackSecret } from '../profile/stored';
import type { DepartmentSubscribers } from './subscriber';
import type { Workstation } from './workstation';

/** The fallback poll when callbacks do not come. */
export const DEFAULT_POLL_INTERVAL_MS = 5 * 60 * 1000;

export interface NotificationOptions {
  workstation: Workstation;
  secretStore: SecretStore;
  subscribers: DepartmentSubscribers;
  events: EventHub;
  log: Logger;
  pollIntervalMs?: number;
  callbackPort?: number;
}

export interface Notifications {
  /** The callback receiver's base URL (`${url}/callbacks/${destinationId}`). */
  callbackUrl: string;
  close(): Promise<void>;
}

export async function startNotifications(options: NotificationOptions): Promise<Notifications> {
  const { workstation, subscribers, events, log } = options;
  const destinationOf = (destinationId: string) => {
    for (const profile of workstation.workstationProfiles()) {
      const destination = profile.destinations.find((d) => d.destinationId === destinationId);
      if (destination) return { department: profile.department.id, destination };
    }
    return undefined;
  };
  const sync = (department: string, why: 'callback' | 'poll') =>
    subscribers
      .sync(department, (progress) => events.emit('sync.progress', progress))
      .then(() => events.emit('cases.changed', { ids: [] }))
      .catch((error: unknown) => log.warn('fitconnect.sync-failed', { why, error: (error as Error).name }));

  const receiver: CallbackReceiver = await startCallbackReceiver({
    secretOf: async (destinationId) => {
      const found = destinationOf(destinationId);
      return found && (await loadCallbackSecret(options.secretStore, found.destination));
    },
    onNewSubmissions: (destinationId) => {
      const found = destinationOf(destinationId);
      if (found) void sync(found.department, 'callback');
    },
    onOutcome: (outcome) => log.info('fitconnect.callback', { outcome }),
    ...(options.callbackPort !== undefined && { port: options.callbackPort }),
  });
  const poll = setInterval(() => {
    if (workstation.state().status !== 'signed-in') return;
    void sync(workstation.principal().department, 'poll');
  }, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  poll.unref();
  return {
    callbackUrl: receiver.url,
    close: async () => {
      clearInterval(poll);
      await receiver.close();
    },
  };
}
