/**
 * The sender tool: `npx tsx platform/sender/cli.ts [options]` submits generated applications to a running
 * platform, as the demo sender client.
 *
 *   --url http://127.0.0.1:8470  --data-dir .tmp/platform   (reads <data-dir>/demo/credentials.json)
 *   --count 10  --concurrency 4  --seed 1  --service wohnsitzanmeldung  --destination <uuid>
 *   --metadata-version 1.0.0|1.2.0  --compress
 *   --defect <name>   (one bad submission; see compose.ts DEFECTS)
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SenderClient } from '../../main/fitconnect/sender/client';
import { type DemoCredentials, demoCredentialsPath } from '../demo';
import { createRandom } from '../random';
import { SERVICE_IDS, type ServiceId } from '../services';
import { generateApplication, METADATA_VERSIONS, type MetadataVersion } from './application';
import { DEFECTS, type Defect } from './compose';
import { sendMany } from './load';
import { sendApplication, sendSwappedPair } from './send';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8470' },
    'data-dir': { type: 'string', default: '.tmp/platform' },
    count: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    seed: { type: 'string' },
    service: { type: 'string' },
    destination: { type: 'string' },
    'metadata-version': { type: 'string' },
    compress: { type: 'boolean', default: false },
    defect: { type: 'string' },
  },
});

const demo = JSON.parse(
  await readFile(demoCredentialsPath(resolve(values['data-dir'])), 'utf8'),
) as DemoCredentials;
const client = new SenderClient({
  baseUrl: values.url,
  tokenUrl: `${values.url}/token`,
  clientId: demo.sender.clientId,
  clientSecret: demo.sender.clientSecret,
});
const destinations = demo.departments
  .flatMap((department) => department.destinations)
  .filter(
    (destination) => values.destination === undefined || destination.destinationId === values.destination,
  )
  .map((destination) => ({
    destinationId: destination.destinationId,
    services: destination.services.filter(
      (service) => values.service === undefined || service === values.service,
    ),
  }))
  .filter((target) => target.services.length > 0);
if (destinations.length === 0) throw new Error('No demo destination offers the requested service.');
const metadataVersion = METADATA_VERSIONS.find((version) => version === values['metadata-version']);
const seed = values.seed === undefined ? undefined : Number(values.seed);

if (values.defect !== undefined) {
  const defect = DEFECTS.find((known) => known === values.defect) as Defect | undefined;
  if (defect === undefined) throw new Error(`Unknown defect; known: ${DEFECTS.join(', ')}`);
  const [target] = destinations;
  const serviceId = (target?.services[0] ?? SERVICE_IDS[0]) as ServiceId;
  const random = createRandom(seed);
  const make = () =>
    generateApplication(serviceId, { random, ...(metadataVersion === undefined ? {} : { metadataVersion }) });
  const destinationId = target?.destinationId ?? '';
  const sent =
    defect === 'attachment-swapped'
      ? await sendSwappedPair(client, destinationId, [await make(), await make()], random)
      : [await sendApplication(client, destinationId, await make(), { random, defect })];
  for (const each of sent) console.log(`${defect}: submission ${each.submissionId} case ${each.caseId}`);
} else {
  const result = await sendMany(client, {
    count: Number(values.count),
    concurrency: Number(values.concurrency),
    targets: destinations,
    ...(seed === undefined ? {} : { seed }),
    ...(metadataVersion === undefined ? {} : { metadataVersion: metadataVersion as MetadataVersion }),
    compress: values.compress,
  });
  for (const each of result.sent)
    console.log(`sent submission ${each.submissionId} case ${each.caseId} → ${each.destinationId}`);
  for (const failure of result.failed) {
    const error = failure.error as { code?: string; status?: number };
    console.log(`failed #${failure.index}: ${error.code ?? 'error'} ${error.status ?? ''}`);
  }
  console.log(`${result.sent.length} sent, ${result.failed.length} failed`);
}
await client.close();
