/**
 * Intake once per destination in the department service. Every instance may run; for each configured
 * destination one instance holds an advisory lock (holder.ts) and syncs it with the subscriber on the
 * PostgreSQL store, the keys and client secret read from the service's key store (encrypted with the master
 * key; workstations never get them). FIT-Connect callbacks and a person's "Abrufen" may reach any instance:
 * it NOTIFYs the holder, which syncs at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import type { SyncProgress } from '../../api/contract';
import { createCallbackHandler } from '../../fitconnect/subscriber/callback-receiver';
import type { SyncResult } from '../../fitconnect/subscriber/sync-service';
import type { Logger } from '../../log/logger';
import { type Hold, type HoldRole, holdDestination, WAKE_CHANNEL } from './holder';

export type { HoldRole } from './holder';
export { intakeLockKey } from './lock-key';

export interface IntakeDepartment {
  id: string;
  /** The destinations of the department's profile. */
  destinationIds: readonly string[];
  /** One sync of one destination (`DepartmentSubscribers.syncDestination` on the department's store). */
  syncDestination(destinationId: string, onProgress: (progress: SyncProgress) => void): Promise<SyncResult>;
  /** The destination's callback secret from the key store, when the profile configures one. */
  callbackSecret(destinationId: string): Promise<string | undefined>;
}

export interface IntakeOptions {
  /** The service's pool: NOTIFY goes through it; each lock connection is opened with its settings. */
  pool: pg.Pool;
  departments: readonly IntakeDepartment[];
  log: Logger;
  /** Lock attempts of a standby instance; default 2 s. */
  retryMs?: number;
  /** Syncs of the holder without a wake; default 5 min. */
  pollIntervalMs?: number;
  /** A sync's progress and its end, for the department's event stream (ids and counts only). */
  onProgress?(department: string, progress: SyncProgress): void;
  onSynced?(department: string, destinationId: string, result: SyncResult): void;
}

export interface IntakeDestinationState {
  department: string;
  destinationId: string;
  role: HoldRole;
}

export interface Intake {
  /** Each destination's role on this instance (`/readyz`, operations). */
  states(): IntakeDestinationState[];
  /** True when every destination has its lock connection (held here or waiting on another instance). */
  ready(): boolean;
  /** Wakes the holders of the department's destinations, on whichever instance they are. */
  requestSync(department: string): Promise<void>;
  /** Answers `POST /callbacks/{destinationId}` (verified, then the holder is woken); false for other paths. */
  callbackRequest(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
}

export const DEFAULT_INTAKE_RETRY_MS = 2_000;
export const DEFAULT_INTAKE_POLL_MS = 5 * 60_000;

export function startIntake(options: IntakeOptions): Intake {
  const { pool, log } = options;
  const holds = new Map<string, { department: string; hold: Hold }>();
  const wake = (destinationId: string) =>
    pool.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, destinationId]).then(() => undefined);

  for (const department of options.departments) {
    for (const destinationId of department.destinationIds) {
      if (holds.has(destinationId)) throw new RangeError('a destination is configured twice');
      const hold = holdDestination({
        destinationId,
        connection: pool.options,
        retryMs: options.retryMs ?? DEFAULT_INTAKE_RETRY_MS,
        pollIntervalMs: options.pollIntervalMs ?? DEFAULT_INTAKE_POLL_MS,
        log,
        onRole: (role) => log.info('intake.role', { destination: destinationId, role }),
        sync: async () => {
          try {
            const result = await department.syncDestination(destinationId, (progress) =>
              options.onProgress?.(department.id, progress),
            );
            log.info('intake.synced', {
              destination: destinationId,
              fetched: result.fetched,
              failed: result.failed,
              issue: result.issues[0]?.code ?? null,
            });
            options.onSynced?.(department.id, destinationId, result);
          } catch (error) {
            log.warn('intake.sync-failed', { destination: destinationId, error: (error as Error).name });
          }
        },
      });
      holds.set(destinationId, { department: department.id, hold });
    }
  }

  const departmentOf = (destinationId: string) =>
    options.departments.find((department) => department.destinationIds.includes(destinationId));
  const callbacks = createCallbackHandler({
    secretOf: (destinationId) => departmentOf(destinationId)?.callbackSecret(destinationId),
    onNewSubmissions: (destinationId) => {
      wake(destinationId).catch((error: unknown) =>
        log.warn('intake.wake-failed', { destination: destinationId, error: (error as Error).name }),
      );
    },
    onOutcome: (outcome, destinationId) =>
      log.info('fitconnect.callback', { outcome, destination: destinationId ?? null }),
  });

  return {
    states: () =>
      [...holds].map(([destinationId, { department, hold }]) => ({
        department,
        destinationId,
        role: hold.role(),
      })),
    ready: () => [...holds.values()].every(({ hold }) => hold.role() !== 'connecting'),
    async requestSync(department) {
      const found = options.departments.find((candidate) => candidate.id === department);
      for (const destinationId of found?.destinationIds ?? []) await wake(destinationId);
    },
    callbackRequest(req, res) {
      if (!(req.url ?? '').startsWith('/callbacks/')) return false;
      callbacks(req, res);
      return true;
    },
    async close() {
      await Promise.all([...holds.values()].map(({ hold }) => hold.close()));
    },
  };
}
