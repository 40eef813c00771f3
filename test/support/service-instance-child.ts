/**
 * One instance of the department service, as far as the kill tests need it: the department's PostgreSQL
 * store, its subscriber reading keys and client secret from the store's key store, and either the intake
 * (advisory lock per destination, main/server/intake) or the outbox worker, or both. Reports on stdout,
 * synchronously, ids and counts only:
 *   `role <destination> <holding|standby|connecting>`, `progress <destination> <done> <total>`,
 *   `synced <destination> <fetched> <failed>`, `sent <item id>` (haltAfterSend: the receiver has it, the
 *   outbox has not recorded it, and the instance stands still there to be killed), `delivered <item id>`.
 *
 *   node --import tsx test/support/service-instance-child.ts <config.json>
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DepartmentSubscribers } from '../../main/app/subscriber';
import { loadSchemaCatalog } from '../../main/forms/schema-catalog';
import type { Logger } from '../../main/log/logger';
import { Outbox } from '../../main/outbox';
import { openPostgresStore } from '../../main/postgres';
import { loadCallbackSecret } from '../../main/profile/stored';
import type { StoredDepartmentProfile } from '../../main/profile/types';
import { startIntake } from '../../main/server/intake';

export interface ServiceInstanceConfig {
  databaseUrl: string;
  masterKeyHex: string;
  profile: StoredDepartmentProfile;
  intake?: { retryMs: number; pollIntervalMs: number };
  outbox?: { leaseMs: number; maxIdleMs: number; haltAfterSend: boolean };
}

const [configPath] = process.argv.slice(2);
if (configPath === undefined) throw new Error('usage: service-instance-child <config.json>');
const config = JSON.parse(readFileSync(configPath, 'utf8')) as ServiceInstanceConfig;
const say = (line: string) => writeSync(1, `${line}\n`);
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const pool = new pg.Pool({ connectionString: config.databaseUrl });
const department = config.profile.department.id;
const store = openPostgresStore({
  pool,
  department,
  masterKey: Buffer.from(config.masterKeyHex, 'hex'),
  ...(config.outbox && { outboxLeaseMs: config.outbox.leaseMs }),
});
const outbox = new Outbox({
  store,
  maxIdleMs: config.outbox?.maxIdleMs ?? 60_000,
  backoff: { baseMs: 50, maxMs: 500 },
  maxAttempts: 50,
});
const subscribers = new DepartmentSubscribers({
  store,
  outbox,
  catalog: loadSchemaCatalog(join(fileURLToPath(new URL('../../assets/services', import.meta.url)))),
  secretStore: store.secrets,
  profileOf: () => config.profile,
  now: () => new Date(),
});

if (config.intake) {
  const destinationIds = config.profile.destinations.map((destination) => destination.destinationId);
  const roles = new Map<string, string>();
  startIntake({
    pool,
    departments: [
      {
        id: department,
        destinationIds,
        syncDestination: (destinationId, onProgress) =>
          subscribers.syncDestination(department, destinationId, (progress) => {
            if (progress.phase === 'fetching' && progress.done > 0) {
              say(`progress ${destinationId} ${progress.done} ${progress.total}`);
            }
            onProgress(progress);
          }),
        callbackSecret: async (destinationId) => {
          const destination = config.profile.destinations.find((d) => d.destinationId === destinationId);
          return destination && loadCallbackSecret(store.secrets, destination);
        },
      },
    ],
    log: {
      ...silent,
      info(event, fields) {
        if (event !== 'intake.role') return;
        const destination = String(fields?.destination);
        roles.set(destination, String(fields?.role));
        say(`role ${destination} ${String(fields?.role)}`);
      },
    },
    retryMs: config.intake.retryMs,
    pollIntervalMs: config.intake.pollIntervalMs,
    onSynced: (_department, destinationId, result) =>
      say(`synced ${destinationId} ${result.fetched} ${result.failed}`),
  });
}

if (config.outbox) {
  const halt = config.outbox.haltAfterSend;
  outbox.register('fitconnect.event', async (item) => {
    const result = await subscribers.deliverEvent(item);
    if (!halt) return result;
    say(`sent ${item.id}`);
    // Stands still where a process dies: the receiver has it, the outbox has not recorded it.
    return new Promise(() => undefined);
  });
  outbox.subscribe((change) => {
    if (change.state === 'delivered') say(`delivered ${change.id}`);
  });
  outbox.start();
}
say('started');
