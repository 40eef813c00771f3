/**
 * The FIT-Connect subscriber: sync (list, fetch, verify, store) and the outbox handler that delivers accept
 * and reject events. Wiring: `openSubscriberConnections(credentials)` once, then `createSyncService` and
 * `outbox.register('fitconnect.event', createFitConnectEventHandler(...))` with it; `close()` at shutdown.
 */

export { SubscriberError, type SubscriberErrorCode } from '../client/errors';
export {
  type DestinationConnection,
  openSubscriberConnections,
  type SubscriberConnections,
} from './connections';
export { createFitConnectEventHandler, type EventHandlerDependencies } from './event-handler';
export type { CheckOutcome, SubmissionReport } from './report';
export {
  DEFAULT_SUBSCRIBER_SETTINGS,
  type DestinationCredentials,
  type SubscriberSettings,
} from './settings';
export {
  createSyncService,
  type SyncDependencies,
  type SyncIssue,
  type SyncResult,
  type SyncService,
} from './sync-service';
