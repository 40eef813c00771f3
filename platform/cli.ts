/**
 * `npm run platform [-- options]`: the local FIT-Connect-compatible platform on 127.0.0.1 with demo
 * destinations (Bürgerservice: two, Ordnungsamt: one) and the BundID mailbox (ZBP), printing its URLs, the
 * demo credentials and the pages of the demo applications' BundID mailboxes.
 *
 *   --port 8470  --admin-port 8471  --data-dir .tmp/platform  --seed [count]
 *   --chaos-rate 0.1  --chaos-kinds 5xx,timeout,reset,slow  --chaos-seed 42
 *
 * `npm run platform -- admin <command>` talks to a running platform's admin API instead (platform/admin/cli.ts).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runAdminCli } from './admin/cli';
import { CHAOS_KINDS, type ChaosKind } from './chaos';
import { demoCredentialsPath } from './demo';
import { adminTokenPath, startPlatform } from './index';

if (process.argv[2] === 'admin') {
  const io = {
    out: (text: string) => console.log(text),
    err: (text: string) => console.error(text),
    env: process.env,
  };
  process.exit(await runAdminCli(process.argv.slice(3), io));
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8470' },
    'admin-port': { type: 'string', default: '8471' },
    'data-dir': { type: 'string', default: '.tmp/platform' },
    seed: { type: 'string' },
    'chaos-rate': { type: 'string', default: '0' },
    'chaos-kinds': { type: 'string', default: CHAOS_KINDS.join(',') },
    'chaos-seed': { type: 'string' },
  },
});

const dataDir = resolve(values['data-dir']);
const kinds = values['chaos-kinds']
  .split(',')
  .filter((kind): kind is ChaosKind => (CHAOS_KINDS as readonly string[]).includes(kind));
console.log(
  'Starting the Antragsdesk platform (the first start makes RSA-4096 keys, which takes a few seconds) …',
);
const platform = await startPlatform({
  dataDir,
  port: Number(values.port),
  adminPort: Number(values['admin-port']),
  chaos: {
    rate: Number(values['chaos-rate']),
    kinds,
    ...(values['chaos-seed'] === undefined ? {} : { seed: Number(values['chaos-seed']) }),
  },
  ...(values.seed === undefined ? {} : { seedDemo: { count: Number(values.seed) || 12 } }),
});

console.log(`
Submission API   ${platform.url}/v1
Token endpoint   ${platform.tokenUrl}
Service JWKS     ${platform.jwksUrl}
Admin API        ${platform.adminUrl}   (npm run platform -- admin …; OpenAPI: platform/openapi.json)
Admin token      ${platform.adminToken}   (also in ${adminTokenPath(dataDir)})
SET issuer       ${platform.issuer}${platform.seeded === undefined ? '' : `\nDemo seeding     ${platform.seeded.sent} sent, ${platform.seeded.failed} failed`}
Data directory   ${dataDir}
Demo keys        ${demoCredentialsPath(dataDir)}   (private keys: demo only)

Sender client    ${platform.demo.sender.clientId}
                 secret ${platform.demo.sender.clientSecret}`);
for (const department of platform.demo.departments) {
  console.log(`
${department.name} (subscriber)
  client id      ${department.clientId}
  client secret  ${department.clientSecret}`);
  for (const destination of department.destinations) {
    console.log(`  destination    ${destination.destinationId}  ${destination.name}`);
  }
}
const mailboxes = platform.zbp.demoMailboxes();
console.log(`
BundID mailbox (ZBP) for notices
  destination    ${platform.zbp.destinationId}
  sender client  ${platform.zbp.sender.clientId}
  sender secret  ${platform.zbp.sender.clientSecret}`);
console.log(
  mailboxes.length === 0
    ? '  demo mailboxes: none yet (the demo applications open them: start with --seed)'
    : mailboxes
        .map((mailbox) => `  mailbox page   ${platform.url}${platform.zbp.mailboxPath(mailbox)}`)
        .join('\n'),
);
console.log('\nStop with Ctrl+C.');

const stop = async () => {
  await platform.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
