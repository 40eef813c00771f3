/**
 * Child process of the delivery kill tests: opens the vault a test prepared, registers the real notice
 * delivery handlers, and runs the outbox worker. When a handler has done its work (the remote side has
 * the delivery) it prints `sent <type> <kind>` and stops there, before the outbox records the result; the
 * parent kills it with SIGKILL at that line.
 *
 *   node --import tsx test/support/delivery-kill-child.ts <config.json>
 */
import { readFileSync, writeSync } from 'node:fs';
import { AuditLog } from '../../main/audit';
import { createMemorySecretStore } from '../../main/auth/secret-store';
import { registerDeliveryHandlers } from '../../main/delivery';
import type { DeliverySettings } from '../../main/delivery/types';
import { loadSealCredentials } from '../../main/notices';
import { NoticeService } from '../../main/notices/service';
import { Outbox } from '../../main/outbox';
import { openVault } from '../../main/vault';
import { profile } from '../unit/notices/fixtures';

export interface DeliveryKillConfig {
  dir: string;
  keyHex: string;
  settings: DeliverySettings;
  secret: { name: string; value: string };
  seal: { pkcs12Base64: string; password: string; minKeyBits: number };
}

const [configPath] = process.argv.slice(2);
if (!configPath) throw new Error('usage: delivery-kill-child <config.json>');
const config = JSON.parse(readFileSync(configPath, 'utf8')) as DeliveryKillConfig;
const say = (line: string) => writeSync(1, `${line}\n`);

const vault = openVault({ dir: config.dir, key: Buffer.from(config.keyHex, 'hex') });
const outbox = new Outbox({ vault, random: () => 0, maxAttempts: 5 });
const register = outbox.register.bind(outbox);
outbox.register = (type, handler) =>
  register(type, async (item) => {
    const result = await handler(item);
    say(`sent ${type} ${result.kind}`);
    // Stands still where a process dies: the remote side has it, the outbox has not recorded it.
    return new Promise(() => undefined);
  });
const seal = loadSealCredentials(Buffer.from(config.seal.pkcs12Base64, 'base64'), config.seal.password, {
  minKeyBits: config.seal.minKeyBits,
});
const secrets = createMemorySecretStore();
await secrets.put(config.secret.name, config.secret.value);
const audit = new AuditLog({ vault });
const service = new NoticeService({
  vault,
  outbox,
  audit,
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
