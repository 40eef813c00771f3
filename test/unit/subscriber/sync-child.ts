/**
 * A sync in a process of its own, for what cannot be measured or done in the test's process: its peak RSS
 * (nothing else allocates there) and being killed mid-sync. Reports on stdout, synchronously:
 * `progress <done> <total> <bytes>` per fetched submission and finally `result <json>`.
 * With `deliverEvents` it syncs nothing and runs the outbox with the real FIT-Connect event handler instead;
 * once an event reached the platform and goes to be recorded it prints `sent <submissionId>` and stands
 * still there, inside that uncommitted transaction, for the parent to kill it.
 *
 *   node --import tsx test/unit/subscriber/sync-child.ts <config.json>
 */
import { readFileSync, writeSync } from 'node:fs';
import {
  createFitConnectEventHandler,
  createSyncService,
  openSubscriberConnections,
} from '../../../main/fitconnect/subscriber';
import { Outbox } from '../../../main/outbox';
import { vaultStore } from '../../../main/store';
import { openVault } from '../../../main/vault';
import { stoppingAt } from '../../support/stalling-store';
import { catalog, type SyncChildConfig } from './fixtures';

const [configPath] = process.argv.slice(2);
if (configPath === undefined) throw new Error('usage: sync-child <config.json>');
const config = JSON.parse(readFileSync(configPath, 'utf8')) as SyncChildConfig;
const say = (line: string) => writeSync(1, `${line}\n`);

const vault = openVault({ dir: config.vaultDir, key: Buffer.from(config.vaultKeyHex, 'hex') });
const connections = openSubscriberConnections(config.credentials, config.settings);
const store = vaultStore(vault);
if (config.deliverEvents) {
  // The platform has the event; the vault has neither its status nor the outbox's verdict.
  const stalling = stoppingAt(store, 'cases', 'setPlatformStatus', (submissionId) =>
    say(`sent ${String(submissionId)}`),
  );
  const outbox = new Outbox({ store: stalling, random: () => 0, maxAttempts: 5 });
  outbox.register('fitconnect.event', createFitConnectEventHandler({ store: stalling, connections }));
  outbox.start();
  say('started');
  await new Promise(() => undefined);
}
// Decisions are queued, not delivered: nothing here starts the outbox.
const sync = createSyncService({ store, catalog, connections, outbox: new Outbox({ store }) });

const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const result = await sync.run((progress) => {
  if (progress.phase === 'fetching' && progress.done > 0)
    say(`progress ${progress.done} ${progress.total} ${progress.bytes}`);
});
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
say(`result ${JSON.stringify({ baseline, peak, result })}`);
await connections.close();
vault.close();
