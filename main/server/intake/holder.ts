import pg from 'pg';
import type { Logger } from '../../log/logger';
import { intakeLockKey } from './lock-key';

/** NOTIFY channel on which any instance wakes the holder of a destination; the payload is its id. */
export const WAKE_CHANNEL = 'intake_wake';

/** `holding`: this instance syncs the destination; `standby`: another does; `connecting`: no lock connection. */
export type HoldRole = 'holding' | 'standby' | 'connecting';

export interface HoldOptions {
  destinationId: string;
  /** Settings of the dedicated connection (the pool's). */
  connection: pg.ClientConfig;
  /** One sync of the destination; its failures are its own (logged by code, tried again at the next wake). */
  sync(): Promise<void>;
  /** Pause between lock attempts in standby and after a lost connection. */
  retryMs: number;
  /** The holder syncs this often without a wake (callbacks may be lost). */
  pollIntervalMs: number;
  log: Logger;
  onRole(role: HoldRole): void;
}

export interface Hold {
  role(): HoldRole;
  /** This instance holds the destination: sync again at once (after the running sync, if any). */
  wake(): void;
  close(): Promise<void>;
}

/**
 * One destination's intake on this instance: a dedicated connection tries `pg_try_advisory_lock` on the
 * destination's key; the instance that gets it syncs at once, on every wake (NOTIFY on `WAKE_CHANNEL`) and
 * every poll interval; the others try again every `retryMs`. The lock is the session's, so when the holder
 * dies or its connection breaks PostgreSQL releases it and a standby takes over at its next attempt.
 */
export function holdDestination(options: HoldOptions): Hold {
  const key = intakeLockKey(options.destinationId);
  let role: HoldRole = 'connecting';
  let closed = false;
  let client: pg.Client | null = null;
  /** Ends the current wait early: a wake, a lost connection or close. */
  let interrupt: (() => void) | null = null;
  let woken = false;

  const setRole = (next: HoldRole) => {
    if (next === role) return;
    role = next;
    options.onRole(next);
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = null;
        resolve();
      }
      interrupt = done;
    });

  async function connect(): Promise<{ client: pg.Client; lost: () => boolean }> {
    // Keep-alive probes notice a connection that died silently (a dropped route), so the holder stops
    // believing it holds the destination; PostgreSQL's own probes free the lock on its side.
    const next = new pg.Client({
      ...options.connection,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let lost = false;
    const onLost = () => {
      lost = true;
      interrupt?.();
    };
    // The error's text names the server, never a person; 'end' follows it.
    next.on('error', onLost);
    next.on('end', onLost);
    next.on('notification', (message) => {
      if (message.channel === WAKE_CHANNEL && message.payload === options.destinationId) {
        woken = true;
        interrupt?.();
      }
    });
    try {
      await next.connect();
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    return { client: next, lost: () => lost };
  }

  async function tryLock(connection: pg.Client): Promise<boolean> {
    const { rows } = await connection.query<{ held: boolean }>(
      'SELECT pg_try_advisory_lock($1::bigint) AS held',
      [key],
    );
    return rows[0]?.held === true;
  }

  /** Syncs while the lock is held: at once, then on each wake or poll, until the connection is lost. */
  async function hold(connection: pg.Client, lost: () => boolean): Promise<void> {
    await connection.query(`LISTEN ${WAKE_CHANNEL}`);
    setRole('holding');
    options.log.info('intake.holding', { destination: options.destinationId });
    while (!closed && !lost()) {
      woken = false;
      await options.sync();
      if (closed || lost()) break;
      if (!woken) await pause(options.pollIntervalMs);
    }
  }

  async function run(): Promise<void> {
    while (!closed) {
      try {
        const { client: connection, lost } = await connect();
        client = connection;
        while (!closed && !lost()) {
          if (await tryLock(connection)) {
            await hold(connection, lost);
            break;
          }
          setRole('standby');
          await pause(options.retryMs);
        }
      } catch (error) {
        options.log.warn('intake.connection-failed', {
          destination: options.destinationId,
          error: (error as Error).name,
        });
      }
      const last = client;
      client = null;
      // Ending the connection releases the lock, if it still held it.
      await last?.end().catch(() => undefined);
      if (closed) break;
      if (role === 'holding') options.log.warn('intake.lost', { destination: options.destinationId });
      setRole('connecting');
      await pause(options.retryMs);
    }
  }

  const running = run();
  return {
    role: () => role,
    wake() {
      woken = true;
      if (role === 'holding') interrupt?.();
    },
    /** Lets a running sync finish, then ends the connection (releasing the lock). */
    async close() {
      closed = true;
      interrupt?.();
      await running;
      setRole('connecting');
    },
  };
}
