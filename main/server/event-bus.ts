/**
 * Events between the instances of the department service, on PostgreSQL's LISTEN/NOTIFY: a change made
 * through one instance reaches the clients of every instance. Payloads name the department and ids only
 * (a NOTIFY reaches every listening session whatever its department); a client asks for what it may see.
 * Each instance listens on one dedicated connection and opens it again when it is lost.
 */
import pg from 'pg';
import type { SyncProgress, SyncSummary } from '../api/contract';
import type { Logger } from '../log/logger';

/** What travels between instances: the department, and what changed by id or count. */
export type BusEvent =
  | { kind: 'cases'; department: string; ids: string[] }
  | { kind: 'outbox'; department: string }
  | { kind: 'sync'; department: string; progress: SyncProgress }
  /** A destination's intake holder finished a sync (on whichever instance holds it). */
  | { kind: 'synced'; department: string; summary: SyncSummary };

export const CHANNELS = {
  cases: 'cases_changed',
  outbox: 'outbox_changed',
  sync: 'sync_progress',
  synced: 'sync_done',
} as const satisfies Record<BusEvent['kind'], string>;

/** NOTIFY payloads must stay under 8000 bytes; a long list of ids travels in several. */
const MAX_IDS_PER_NOTIFY = 100;
const RECONNECT_MAX_MS = 10_000;
/** How the listening connection shows in `pg_stat_activity`, for IT (and the reconnect test). */
export const LISTENER_NAME = 'antragsdesk-events';

export interface EventBus {
  /** Announces an event to every instance (this one included), after the change was committed. */
  publish(event: BusEvent): Promise<void>;
  /**
   * `listening` is false while the LISTEN connection is lost; when it comes back the listener hears
   * `true`, and should assume it missed changes.
   */
  subscribe(listener: (event: BusEvent) => void, onConnection?: (listening: boolean) => void): () => void;
  close(): Promise<void>;
}

export async function startEventBus(pool: pg.Pool, log: Logger): Promise<EventBus> {
  const listeners = new Set<{ event: (e: BusEvent) => void; connection?: (listening: boolean) => void }>();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const deliver = (channel: string, payload: string | undefined) => {
    const event = parse(channel, payload);
    if (event === null) return;
    for (const listener of listeners) listener.event(event);
  };
  const announce = (listening: boolean) => {
    for (const listener of listeners) listener.connection?.(listening);
  };

  const connect = async (attempt: number): Promise<void> => {
    const next = new pg.Client({ ...pool.options, application_name: LISTENER_NAME });
    next.on('notification', (message) => deliver(message.channel, message.payload));
    next.on('error', () => {
      // 'end' follows and reconnects; the error's text may name the server, not a person.
      log.warn('events.listen-lost', { attempt });
    });
    next.on('end', () => {
      if (closed || client !== next) return;
      client = null;
      announce(false);
      schedule(0);
    });
    try {
      await next.connect();
      for (const channel of Object.values(CHANNELS)) await next.query(`LISTEN ${channel}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    if (attempt > 0) {
      log.info('events.listen-restored', { attempt });
      announce(true);
    }
  };
  const schedule = (attempt: number) => {
    if (closed) return;
    retry = setTimeout(
      () => {
        connect(attempt + 1).catch(() => schedule(attempt + 1));
      },
      Math.min(RECONNECT_MAX_MS, 200 * 2 ** attempt),
    );
    retry.unref();
  };

  await connect(0);

  return {
    async publish(event) {
      for (const payload of payloads(event)) {
        await pool.query('SELECT pg_notify($1, $2)', [CHANNELS[event.kind], payload]);
      }
    },
    subscribe(event, connection) {
      const entry = { event, ...(connection && { connection }) };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = null;
      await last?.end().catch(() => undefined);
    },
  };
}

function payloads(event: BusEvent): string[] {
  if (event.kind !== 'cases') return [JSON.stringify(event)];
  if (event.ids.length <= MAX_IDS_PER_NOTIFY) return [JSON.stringify(event)];
  const parts: string[] = [];
  for (let i = 0; i < event.ids.length; i += MAX_IDS_PER_NOTIFY) {
    parts.push(JSON.stringify({ ...event, ids: event.ids.slice(i, i + MAX_IDS_PER_NOTIFY) }));
  }
  return parts;
}

/** A payload from the database is still checked: another program may NOTIFY on the same channels. */
function parse(channel: string, payload: string | undefined): BusEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? '');
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  if (typeof event.department !== 'string' || CHANNELS[event.kind as BusEvent['kind']] !== channel) {
    return null;
  }
  if (event.kind === 'cases') {
    const ids = event.ids;
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string')
      ? { kind: 'cases', department: event.department, ids }
      : null;
  }
  if (event.kind === 'outbox') return { kind: 'outbox', department: event.department };
  if (event.kind === 'synced') {
    const summary = (event.summary ?? {}) as Record<string, unknown>;
    const count = (key: string) => (Number.isInteger(summary[key]) ? (summary[key] as number) : null);
    const [listed, fetched, failed, gone] = ['listed', 'fetched', 'failed', 'gone'].map(count);
    if (listed == null || fetched == null || failed == null || gone == null) return null;
    return { kind: 'synced', department: event.department, summary: { listed, fetched, failed, gone } };
  }
  const progress = event.progress as SyncProgress | undefined;
  if (typeof progress !== 'object' || progress === null || typeof progress.phase !== 'string') return null;
  const { phase, done, total, bytes } = progress;
  return { kind: 'sync', department: event.department, progress: { phase, done, total, bytes } };
}
