/**
 * Child process of the delivery kill tests: opens the vault a test prepared, registers the real notice
 * delivery handlers, and runs the outbox worker. When a handler has done its work (the remote side has
 * the delivery) it prints `sent <type> <kind>` and stops there, before the outbox records the result; the
 * parent kills it with SIGKILL at that line. With `killAt: 'recorded'` nothing stands still: it prints
 * `recorded <type> <state>` once the outbox has committed the delivery.
 *
 *   node --import tsx test/support/delivery-kill-child.ts <config.json>
 */
import { readFileSync, writeSync } from 'node:fs';
import { createMemorySecretStore } from '../../main/auth/secret-store';
import { registerDeliveryHandlers } from '../../main/delivery';
import type { DeliverySettings } from '../../main/delivery/types';
import { loadSealCredentials } from '../../main/notices';
import { NoticeService } from '../../main/notices/service';
import { Outbox } from '../../main/outbox';
import { vaultStore } from '../../main/store';
import { openVault } from '../../main/vault';
import { profile } from '../unit/notices/fixtures';

export interface DeliveryKillConfig {
  dir: string;
  keyHex: string;
  settings: DeliverySettings;
  secret: { name: string; value: string };
  seal: { pkcs12Base64: string; password: string; minKeyBits: number };
  /** Where the child dies: before the outbox records the delivery (default), or right after. */
  killAt?: 'sent' | 'recorded';
}

const [configPath] = process.argv.slice(2);
if (!configPath) throw new Error('usage: delivery-kill-child <config.json>');
const config = JSON.parse(readFileSync(configPath, 'utf8')) as DeliveryKillConfig;
const say = (line: string) => writeSync(1, `${line}\n`);

const vault = openVault({ dir: config.dir, key: Buffer.from(config.keyHex, 'hex') });
const store = vaultStore(vault);
const outbox = new Outbox({ store, random: () => 0, maxAttempts: 5 });
const register = outbox.register.bind(outbox);
if (config.killAt === 'recorded') {
  outbox.subscribe((change) => {
    if (change.state === 'delivered') say(`recorded ${change.type} ${change.state}`);
  });
} else {
  outbox.register = (type, handler) =>
    register(type, async (item) => {
      const result = await handler(item);
      say(`sent ${type} ${result.kind}`);
      // Stands still where a process dies: the remote side has it, the outbox has not recorded it.
      return new Promise(() => undefined);
    });
}
const seal = loadSealCredentials(Buffer.from(config.seal.pkcs12Base64, 'base64'), config.seal.password, {
  minKeyBits: config.seal.minKeyBits,
});
const secrets = createMemorySecretStore();
await secrets.put(config.secret.name, config.secret.value);
const service = new NoticeService({
  store,
  outbox,
  profile: () => profile,
  sealCredentials: async () => seal,
});
registerDeliveryHandlers(outbox, service.deliveryJobs(), {
  settings: () => config.settings,
  sealCredentials: async () => seal,
  secrets,
  now: () => new Date(),
});
outbox.start();
say('started');
