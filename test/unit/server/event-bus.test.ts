/**
 * Events between instances on LISTEN/NOTIFY: what one instance publishes reaches every instance, and a
 * listening connection that PostgreSQL ends is opened again (the listener hears that it may have missed
 * changes), after which events flow as before.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log/logger';
import { type BusEvent, type EventBus, LISTENER_NAME, startEventBus } from '../../../main/server/event-bus';
import { postgresPerFile, type TestDatabase } from '../../support/postgres';

const postgres = postgresPerFile();
let database: TestDatabase;
const buses: EventBus[] = [];
const lines: string[] = [];
const log = createLogger('events', (line) => void lines.push(line));

beforeAll(async () => {
  database = await postgres().database();
});

afterAll(async () => {
  for (const bus of buses) await bus.close();
  await database?.drop();
});

/** The next event the bus brings that `matches`. */
const next = (bus: EventBus, matches: (event: BusEvent) => boolean) =>
  new Promise<BusEvent>((resolve) => {
    const stop = bus.subscribe((event) => {
      if (!matches(event)) return;
      stop();
      resolve(event);
    });
  });

describe('the event bus', () => {
  it("carries one instance's events to every instance, long lists of ids in parts", async () => {
    const one = await startEventBus(database.pool, log);
    const other = await startEventBus(database.newPool(), log);
    buses.push(one, other);
    const ids = Array.from({ length: 250 }, (_, index) => `case-${index}`);
    const heard: string[] = [];
    const all = new Promise<void>((resolve) => {
      other.subscribe((event) => {
        if (event.kind !== 'cases') return;
        heard.push(...event.ids);
        if (heard.length === ids.length) resolve();
      });
    });
    await one.publish({ kind: 'cases', department: 'buergerservice', ids });
    await all;
    expect(heard).toEqual(ids);
  });

  it('opens its listening connection again when PostgreSQL ends it, and tells its listeners', async () => {
    const bus = await startEventBus(database.pool, log);
    buses.push(bus);
    const restored = new Promise<void>((resolve) => {
      bus.subscribe(
        () => undefined,
        (listening) => {
          if (listening) resolve();
        },
      );
    });
    const admin = new pg.Client({ connectionString: database.adminUrl });
    await admin.connect();
    try {
      const ended = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [LISTENER_NAME],
      );
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await restored;
    const heard = next(bus, (event) => event.kind === 'outbox' && event.department === 'ordnungsamt');
    await bus.publish({ kind: 'outbox', department: 'ordnungsamt' });
    expect(await heard).toEqual({ kind: 'outbox', department: 'ordnungsamt' });
  });

  it('ignores what another program sends on its channels in another shape', async () => {
    const bus = await startEventBus(database.pool, log);
    buses.push(bus);
    const heard = next(bus, (event) => event.department === 'after');
    const seen: BusEvent[] = [];
    bus.subscribe((event) => void seen.push(event));
    for (const payload of ['not json', '{"kind":"cases","department":"x","ids":[1]}', '{"kind":"sync"}']) {
      await database.pool.query('SELECT pg_notify($1, $2)', ['cases_changed', payload]);
    }
    await bus.publish({ kind: 'cases', department: 'after', ids: [] });
    await heard;
    expect(seen).toEqual([{ kind: 'cases', department: 'after', ids: [] }]);
  });
});
