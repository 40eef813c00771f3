/**
 * Provisioning as the demo destinations and the ZBP both do it: an active destination with fresh RSA keys
 * for encryption and for signing its events (the platform database keeps the public halves only; the
 * private ones go back to the caller), and clients with a fresh secret (stored as a hash).
 */
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { hashSecret, newSecret } from './auth';
import type { Clock } from './clock';
import { privateJwk, publicJwk, type RsaKeyPairFactory } from './keys';
import type { ClientRepository, ClientRole } from './store/clients';
import type { DestinationRecord, DestinationRepository } from './store/destinations';

export interface ProvisionedDestination {
  destinationId: string;
  /** Private decryption keys (kid set); the first is the destination's current encryption key. */
  encryptionKeys: JWK[];
  /** Private key for signing accept/reject events (kid set). */
  signingKey: JWK;
}

export async function provisionDestination(
  destinations: DestinationRepository,
  published: Pick<DestinationRecord, 'name' | 'services' | 'replyChannels'>,
  makeKeyPair: RsaKeyPairFactory,
  clock: Clock,
): Promise<ProvisionedDestination> {
  const destinationId = randomUUID();
  const encryption = { kid: randomUUID(), pair: await makeKeyPair() };
  const signature = { kid: randomUUID(), pair: await makeKeyPair() };
  destinations.insert(
    { destinationId, status: 'active', encryptionKid: encryption.kid, ...published },
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
  return {
    destinationId,
    encryptionKeys: [privateJwk(encryption.pair.privateKey, encryption.kid, 'encryption')],
    signingKey: privateJwk(signature.pair.privateKey, signature.kid, 'signature'),
  };
}

export function provisionClient(
  clients: ClientRepository,
  role: ClientRole,
  destinations: string[],
): { clientId: string; clientSecret: string } {
  const client = { clientId: randomUUID(), clientSecret: newSecret() };
  clients.insert({
    clientId: client.clientId,
    secretHash: hashSecret(client.clientSecret),
    role,
    destinations,
  });
  return client;
}
