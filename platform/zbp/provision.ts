/**
 * The ZBP destination, provisioned like the demo ones: RSA keys for encryption and for signing its events,
 * the two ZBP services, and two clients: the platform itself as the destination's subscriber, and a sender
 * client for authorities. Made on first start and kept in the ZBP's store; the platform database holds the
 * public keys only, as for every destination.
 */
import { ZBP } from '../../main/delivery/zbp/fields';
import type { Clock } from '../clock';
import type { RsaKeyPairFactory } from '../keys';
import { provisionClient, provisionDestination } from '../provision';
import type { ClientRepository } from '../store/clients';
import type { DestinationRepository, DestinationService } from '../store/destinations';
import type { MailboxStore, ZbpProvisioning } from './store';

const SERVICES: DestinationService[] = [ZBP.message, ZBP.status].map((service) => ({
  identifier: service.identifier,
  name: service.name,
  submissionSchemas: [{ schemaUri: service.schemaUri, mimeType: 'application/json' }],
  regions: ['DE'],
}));

export async function provisionZbp(
  repositories: { destinations: DestinationRepository; clients: ClientRepository },
  store: MailboxStore,
  makeKeyPair: RsaKeyPairFactory,
  clock: Clock,
): Promise<ZbpProvisioning> {
  const existing = store.provisioning();
  if (existing !== undefined) return existing;

  // The ZBP answers nobody: its messages are the replies.
  const destination = await provisionDestination(
    repositories.destinations,
    { name: 'BundID-Postfach (ZBP)', services: SERVICES, replyChannels: {} },
    makeKeyPair,
    clock,
  );
  // Never used over HTTP (the ZBP runs inside the platform), so its secret is not kept.
  const subscriber = provisionClient(repositories.clients, 'subscriber', [destination.destinationId]);
  const provisioning: ZbpProvisioning = {
    ...destination,
    subscriberClientId: subscriber.clientId,
    sender: provisionClient(repositories.clients, 'sender', []),
  };
  store.saveProvisioning(provisioning);
  return provisioning;
}
