/** What a sender learns of a destination: its status and services, and its public keys by kid. */

import type { JWK } from 'jose';
import { z } from 'zod';
import { apiPath } from '../../http/path';
import { publicJwk } from '../api-answers';
import { type EncryptionKey, importEncryptionKey } from '../crypto';
import type { SenderTransport } from './transport';

const destinationInfo = z.looseObject({
  status: z.string(),
  encryptionKid: z.string(),
  services: z
    .array(
      z.object({
        identifier: z.string(),
        submissionSchemas: z.array(z.object({ schemaUri: z.string(), mimeType: z.string() })),
      }),
    )
    .optional(),
  metadataVersions: z.array(z.string()).optional(),
});
export type DestinationInfo = z.infer<typeof destinationInfo>;

export async function destinationInfoOf(
  transport: SenderTransport,
  destinationId: string,
): Promise<DestinationInfo> {
  return transport.callFor(
    { method: 'GET', path: apiPath`/destinations/${destinationId}`, step: 'destination', idempotent: true },
    destinationInfo,
  );
}

/** One public key of a destination by kid: its encryption key, or a key that verifies its events. */
export async function destinationKeyOf(
  transport: SenderTransport,
  destinationId: string,
  kid: string,
): Promise<JWK> {
  const key = await transport.callFor(
    {
      method: 'GET',
      path: apiPath`/destinations/${destinationId}/keys/${kid}`,
      step: 'destination key',
      idempotent: true,
    },
    publicJwk,
  );
  return key as JWK;
}

/**
 * The destination's current encryption key (by its published `encryptionKid`); a key unfit for encrypting
 * is a `CryptoError`.
 */
export async function encryptionKeyOf(
  transport: SenderTransport,
  destinationId: string,
  info?: DestinationInfo,
): Promise<EncryptionKey> {
  const { encryptionKid } = info ?? (await destinationInfoOf(transport, destinationId));
  return importEncryptionKey(await destinationKeyOf(transport, destinationId, encryptionKid));
}
