import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock } from './clock';
import type { RsaKeyPairFactory } from './keys';
import { type ProvisionedDestination, provisionClient, provisionDestination } from './provision';
import { type ServiceId, serviceEntry } from './services';
import type { ClientRepository } from './store/clients';
import type { DestinationRepository, DestinationService } from './store/destinations';

/** What the app's demo mode (or a person, from the printed file) needs to act as subscriber and sender. */
export interface DemoDestination extends ProvisionedDestination {
  name: string;
  services: ServiceId[];
}

export interface DemoDepartment {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  destinations: DemoDestination[];
}

export interface DemoCredentials {
  sender: { clientId: string; clientSecret: string };
  departments: DemoDepartment[];
}

const LAYOUT: { id: string; name: string; destinations: { name: string; services: ServiceId[] }[] }[] = [
  {
    id: 'buergerservice',
    name: 'Bürgerservice',
    destinations: [
      {
        name: 'Bürgerservice – Meldewesen',
        services: ['wohnsitzanmeldung', 'meldebescheinigung', 'bewohnerparkausweis'],
      },
      {
        name: 'Bürgerservice – Steuern, Gewerbe und Sondernutzung',
        services: ['hundesteuer-anmeldung', 'gewerbeanmeldung', 'sondernutzungserlaubnis'],
      },
    ],
  },
  {
    id: 'ordnungsamt',
    name: 'Ordnungsamt',
    destinations: [
      {
        name: 'Ordnungsamt – Sondernutzung und Gewerbe',
        services: ['sondernutzungserlaubnis', 'gewerbeanmeldung'],
      },
    ],
  },
];

/** Unconfirmed shape of a destination's published reply channels (also the default of one made by the admin API). */
export const REPLY_CHANNELS = { eMail: { usePgp: false }, idBundDeMailbox: {} };
/** Lower Saxony's regional key prefix, as demo value. */
const REGIONS = ['DE03'];

export function demoCredentialsPath(dataDir: string): string {
  return join(dataDir, 'demo', 'credentials.json');
}

function destinationService(id: ServiceId): DestinationService {
  const entry = serviceEntry(id);
  return {
    identifier: entry.identifier,
    name: entry.title,
    submissionSchemas: [{ schemaUri: entry.schemaUri, mimeType: entry.mimeType }],
    regions: REGIONS,
  };
}

/**
 * Creates the demo departments, destinations (RSA-4096 keys) and clients on first start and keeps their
 * credentials, private keys included, in `<dataDir>/demo/credentials.json` (demo only: the platform itself
 * stores public keys only). Later starts read the file.
 */
export async function provisionDemo(
  repositories: { destinations: DestinationRepository; clients: ClientRepository },
  makeKeyPair: RsaKeyPairFactory,
  dataDir: string,
  clock: Clock,
): Promise<DemoCredentials> {
  const file = demoCredentialsPath(dataDir);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DemoCredentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const departments: DemoDepartment[] = [];
  for (const layout of LAYOUT) {
    const destinations: DemoDestination[] = [];
    for (const planned of layout.destinations) {
      const destination = await provisionDestination(
        repositories.destinations,
        {
          name: planned.name,
          services: planned.services.map(destinationService),
          replyChannels: REPLY_CHANNELS,
        },
        makeKeyPair,
        clock,
      );
      destinations.push({ ...destination, name: planned.name, services: planned.services });
    }
    const client = provisionClient(
      repositories.clients,
      'subscriber',
      destinations.map((destination) => destination.destinationId),
    );
    departments.push({ id: layout.id, name: layout.name, ...client, destinations });
  }
  const sender = provisionClient(repositories.clients, 'sender', []);
  const credentials: DemoCredentials = { sender, departments };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.partial`, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.partial`, file);
  return credentials;
}
