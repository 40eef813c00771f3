/**
 * A sync in a process of its own, for what cannot be measured or done in the test's process: its peak RSS
 * (nothing else allocates there) and being killed mid-sync. Reports on stdout, synchronously:
 * `progress <done> <total> <bytes>` per fetched submission and finally `result <json>`.
 *
 *   node --import tsx test/unit/subscriber/sync-child.ts <config.json>
 */
import { readFileSync, writeSync } from 'node:fs';
import { createSyncService, openSubscriberConnections } from '../../../main/fitconnect/subscriber';
import { Outbox } from '../../../main/outbox';
import { vaultStore } from '../../../main/store';
import { openVault } from '../../../main/vault';
import { catalog, type SyncChildConfig } from './fixtures';

const [configPath] = process.argv.slice(2);
if (configPath === undefined) throw new Error('usage: sync-child <config.json>');
const config = JSON.parse(readFileSync(configPath, 'utf8')) as SyncChildConfig;
const say = (line: string) => writeSync(1, `${line}\n`);

const vault = openVault({ dir: config.vaultDir, key: Buffer.from(config.vaultKeyHex, 'hex') });
const connections = openSubscriberConnections(config.credentials, config.settings);
// Decisions are queued, not delivered: nothing here starts the outbox.
const store = vaultStore(vault);
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
