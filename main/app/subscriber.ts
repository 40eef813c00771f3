/**
 * The FIT-Connect subscriber as the app runs it: one set of connections per department, built from that
 * department's profile and the key store, created on first use and renewed when profiles change. A sync
 * pulls only the signed-in person's department; the outbox handler for accept/reject events uses the
 * connections of the case's department. The department service syncs one destination at a time instead
 * (the one its instance holds, main/server/intake), through connections of that destination alone.
 */

import type { JsonValue } from '../../shared/cases/types';
import type { SyncProgress, SyncStatus } from '../api/contract';
import type { SecretStore } from '../auth/secret-store';
import { sharedDecryptionPool } from '../fitconnect/decrypt-pool';
import {
  createFitConnectEventHandler,
  createSyncService,
  type DestinationCredentials,
  openSubscriberConnections,
  type SubscriberConnections,
  SubscriberError,
  type SyncResult,
  type SyncService,
} from '../fitconnect/subscriber';
import type { SubscriberStore } from '../fitconnect/subscriber/subscriber-store';
import type { SchemaCatalog } from '../forms/schema-catalog';
import type { Outbox, OutboxHandler } from '../outbox';
import { loadDestinationCredentials } from '../profile/stored';
import type { StoredDepartmentProfile } from '../profile/types';

export interface DepartmentSubscribersOptions {
  store: SubscriberStore;
  outbox: Pick<Outbox, 'enqueue'>;
  catalog: SchemaCatalog;
  secretStore: SecretStore;
  profileOf(department: string): StoredDepartmentProfile;
  now: () => Date;
}

interface DepartmentSubscriber {
  connections: SubscriberConnections;
  sync: SyncService;
  events: OutboxHandler<'fitconnect.event'>;
}

/**
 * The shipped schemas and those the department's profile brings for its services: a schema added to the
 * profile lets a submission waiting in "Technische Prüfung" pass when verified again.
 */
function withProfileSchemas(
  catalog: SchemaCatalog,
  services: StoredDepartmentProfile['services'],
): Pick<SchemaCatalog, 'entries' | 'schemaFor'> {
  const added = new Map<string, ServiceSchema>();
  for (const service of services) {
    if (service.submissionSchema)
      added.set(service.submissionSchema.uri, { service, ...service.submissionSchema });
  }
  if (added.size === 0) return catalog;
  return {
    entries: [
      ...catalog.entries,
      ...[...added.values()].map(({ service, uri }) => ({
        id: service.identifier,
        title: service.name,
        identifier: service.identifier,
        schemaUri: uri,
        schemaFile: '',
        mimeType: 'application/json',
      })),
    ],
    schemaFor: (uri) => catalog.schemaFor(uri) ?? added.get(uri)?.schema ?? null,
  };
}

interface ServiceSchema {
  service: StoredDepartmentProfile['services'][number];
  uri: string;
  schema: JsonValue;
}

export class DepartmentSubscribers {
  /** By department, or by `department/destination` for the syncs of one destination. */
  private readonly byDepartment = new Map<string, Promise<DepartmentSubscriber>>();

  constructor(private readonly options: DepartmentSubscribersOptions) {}

  sync(department: string, onProgress: (progress: SyncProgress) => void): Promise<SyncResult> {
    return this.of(department).then((subscriber) => subscriber.sync.run(onProgress));
  }

  /** A sync of one destination of the department only (the intake holder's). */
  syncDestination(
    department: string,
    destinationId: string,
    onProgress: (progress: SyncProgress) => void,
  ): Promise<SyncResult> {
    return this.of(department, destinationId).then((subscriber) => subscriber.sync.run(onProgress));
  }

  /** "Erneut prüfen" of one case of the department, with its current configuration. */
  async verifyAgain(department: string, caseId: string): Promise<void> {
    await (await this.of(department)).sync.verifyAgain(caseId);
  }

  async status(department: string): Promise<SyncStatus> {
    return (await this.of(department)).sync.status();
  }

  /** The outbox handler for `fitconnect.event` items of any department. */
  readonly deliverEvent: OutboxHandler<'fitconnect.event'> = async (item) => {
    if (!item.caseId) return { kind: 'permanent', error: 'invalid-item: the event names no case' };
    const { department } = await this.options.store.cases.row(item.caseId);
    return (await this.of(department)).events(item);
  };

  /** Profiles changed: the next use builds new connections from them. */
  async reset(): Promise<void> {
    const stale = [...this.byDepartment.values()];
    this.byDepartment.clear();
    await Promise.all(
      stale.map(async (subscriber) => (await subscriber.catch(() => null))?.connections.close()),
    );
  }

  close(): Promise<void> {
    return this.reset();
  }

  private of(department: string, destinationId?: string): Promise<DepartmentSubscriber> {
    const key = destinationId === undefined ? department : `${department}/${destinationId}`;
    let subscriber = this.byDepartment.get(key);
    if (!subscriber) {
      subscriber = this.create(department, destinationId);
      subscriber.catch(() => this.byDepartment.delete(key));
      this.byDepartment.set(key, subscriber);
    }
    return subscriber;
  }

  private async create(department: string, destinationId?: string): Promise<DepartmentSubscriber> {
    const { store, catalog, outbox, now } = this.options;
    const profile = this.options.profileOf(department);
    const credentials: DestinationCredentials[] = [];
    const destinations = profile.destinations.filter(
      (destination) => destinationId === undefined || destination.destinationId === destinationId,
    );
    if (destinationId !== undefined && destinations.length === 0) {
      throw new SubscriberError('unknown-destination', { destinationId });
    }
    for (const destination of destinations) {
      const secrets = await loadDestinationCredentials(this.options.secretStore, destination);
      const signingKey = secrets.signingKeys[0];
      if (!signingKey) throw new Error(`destination ${destination.destinationId} has no signing key`);
      credentials.push({
        destinationId: destination.destinationId,
        department,
        clientId: secrets.clientId,
        clientSecret: secrets.clientSecret,
        decryptionKeys: secrets.decryptionKeys,
        signingKey,
        submissionApiUrl: profile.fitConnect.submissionApiUrl,
        tokenUrl: profile.fitConnect.tokenUrl,
        apiPrefix: profile.fitConnect.versionPrefix,
      });
    }
    // Built when the desk first asks for the sync status: the threads load while the person reads the inbox.
    const decryption = sharedDecryptionPool();
    decryption.warmUp();
    const connections = openSubscriberConnections(credentials, {}, decryption);
    return {
      connections,
      sync: createSyncService({
        store,
        catalog: withProfileSchemas(catalog, profile.services),
        configuredServices: new Set(profile.services.map((service) => service.identifier)),
        connections,
        outbox,
        now,
      }),
      events: createFitConnectEventHandler({ store, connections, now }),
    };
  }
}
