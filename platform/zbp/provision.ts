/**
 * The ZBP destination, provisioned like the demo ones: RSA keys for encryption and for signing its events,
 * the two ZBP services, and two clients: the platform itself as the destination's subscriber, and a sender
 * client for authorities. Made on first start and kept in the ZBP's store; the platform database holds the
 * public keys only, as for every destination.
 */
import { randomUUID } from 'node:crypto';
import { ZBP } from '../../main/delivery/zbp/fields';
import { hashSecret, newSecret } from '../auth';
import type { Clock } from '../clock';
import { privateJwk, publicJwk, type RsaKeyPairFactory } from '../keys';
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

  const destinationId = randomUUID();
  const encryption = { kid: randomUUID(), pair: await makeKeyPair() };
  const signature = { kid: randomUUID(), pair: await makeKeyPair() };
  repositories.destinations.insert(
    {
      destinationId,
      status: 'active',
      encryptionKid: encryption.kid,
      services: SERVICES,
      // The ZBP answers nobody: its messages are the replies.
      replyChannels: {},
    },
    [
      {
        kid: encryption.kid,
        purpose: 'encryption',
        jwk: publicJwk(encryption.pair.publicKey, encryption.kid, 'encryption'),
      },
      {
        kid: signature.kid,
        purpose: 'signature',
        jwk: publicJwk(signature.pair.publicKey, signature.kid, 'signature'),
      },
    ],
    clock(),
  );
  const subscriberClientId = randomUUID();
  repositories.clients.insert({
    clientId: subscriberClientId,
    // Never used over HTTP: the ZBP runs inside the platform.
    secretHash: hashSecret(newSecret()),
    role: 'subscriber',
    destinations: [destinationId],
  });
  const sender = { clientId: randomUUID(), clientSecret: newSecret() };
  repositories.clients.insert({
    clientId: sender.clientId,
    secretHash: hashSecret(sender.clientSecret),
    role: 'sender',
    destinations: [],
  });
  const provisioning: ZbpProvisioning = {
    destinationId,
    subscriberClientId,
    sender,
    encryptionKeys: [privateJwk(encryption.pair.privateKey, encryption.kid, 'encryption')],
    signingKey: privateJwk(signature.pair.privateKey, signature.kid, 'signature'),
  };
  store.saveProvisioning(provisioning);
  return provisioning;
}
