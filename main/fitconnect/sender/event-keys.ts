/**
 * The keys that verify a case's event log as a sender reads it: the delivery service's events
 * (`submit-submission`) with the keys it publishes (JWKS), the receiving destination's decisions with the
 * signature keys that destination publishes itself, so that neither can forge the other's events.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors } from 'jose';
import { type KeyResolver, SET_ALGORITHM, type VerificationKey } from '../set';
import type { SenderClient } from './client';

const JWKS_PATH = '/.well-known/jwks.json';

/** `apiUrl` is the Submission API's base URL (without the version prefix), where its JWKS is published. */
export function senderEventKeys(
  client: Pick<SenderClient, 'destinationKey'>,
  apiUrl: string,
  destinationId: string,
): KeyResolver {
  const serviceKeys = createRemoteJWKSet(new URL(apiUrl.replace(/\/$/, '') + JWKS_PATH));
  const destinationKeys = new Map<string, Promise<KeyObject | undefined>>();
  const destinationKey = (kid: string): Promise<KeyObject | undefined> => {
    let found = destinationKeys.get(kid);
    if (found === undefined) {
      found = client.destinationKey(destinationId, kid).then((jwk) =>
        // Only a key published for verifying may verify: never the destination's encryption key.
        jwk.key_ops?.includes('verify') === true
          ? createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
          : undefined,
      );
      // A failed look-up is not remembered: the next attempt asks again.
      found.catch(() => destinationKeys.delete(kid));
      destinationKeys.set(kid, found);
    }
    return found;
  };
  return async ({ kid, issuer }): Promise<VerificationKey | undefined> => {
    if (issuer === destinationId) return destinationKey(kid);
    try {
      return await serviceKeys({ alg: SET_ALGORITHM, kid });
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return undefined;
      throw error;
    }
  };
}
