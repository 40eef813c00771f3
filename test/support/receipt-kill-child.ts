/**
 * Child process of the hand-over and archive kill tests: opens the vault a test prepared and runs the outbox
 * worker with the real hand-over or archive handler for the profile the test names. When the handler has
 * delivered (the Fachverfahren or DMS has it) and goes to store its receipt, the child prints
 * `sent <type>` and stops there, inside that uncommitted transaction; the parent kills it with SIGKILL at
 * that line. Nothing of the attempt is recorded but what the handler committed before it. With `killAt:
 * 'recorded'` the store is the real one, and the child prints `recorded <type>` once the receipt and the
 * item's new state are committed.
 *
 *   node --import tsx test/support/receipt-kill-child.ts <config.json>
 */
import { readFileSync, writeSync } from 'node:fs';
import { createMemorySecretStore } from '../../main/auth/secret-store';
import { Outbox } from '../../main/outbox';
import { vaultStore } from '../../main/store';
import { openVault } from '../../main/vault';
import { type ReceiptKillConfig, registerReceiptHandler } from './receipt-kill';
import { stoppingAt } from './stalling-store';

const [configPath] = process.argv.slice(2);
if (!configPath) throw new Error('usage: receipt-kill-child <config.json>');
const config = JSON.parse(readFileSync(configPath, 'utf8')) as ReceiptKillConfig & {
  dir: string;
  keyHex: string;
};
const say = (line: string) => writeSync(1, `${line}\n`);

const vault = openVault({ dir: config.dir, key: Buffer.from(config.keyHex, 'hex') });
const store = vaultStore(vault);
const outbox = new Outbox({ store, random: () => 0, maxAttempts: 5 });
const secretStore = createMemorySecretStore();
for (const secret of config.secrets) await secretStore.put(secret.name, secret.value);
const recorded = config.killAt === 'recorded';
if (recorded) {
  outbox.subscribe((change) => {
    if (change.type === config.type && change.state === 'delivered') say(`recorded ${config.type}`);
  });
}
registerReceiptHandler(
  outbox,
  // The receiver has the delivery; the vault has no receipt and the outbox item is still in flight.
  recorded ? store : stoppingAt(store, 'receipts', 'record', () => say(`sent ${config.type}`)),
  { dir: config.dir, auditHead: () => vault.auditHead(), secretStore },
  config,
);
outbox.start();
say('started');
