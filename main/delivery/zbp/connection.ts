/**
 * The department's way into FIT-Connect as a sender to the ZBP: the sender client (token, keys, the three
 * sender steps, the case's event log) and the keys that verify the event log, one per set of settings.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors } from 'jose';
import type { SecretStore } from '../../auth/secret-store';
import { SenderClient } from '../../fitconnect/sender/client';
import { type KeyResolver, SET_ALGORITHM, type VerificationKey } from '../../fitconnect/set';
import { requireSecret } from '../secrets';
import type { ZbpSettings } from '../types';

export interface ZbpConnection {
  readonly settings: ZbpSettings;
  readonly client: SenderClient;
  /** Verification keys for the event log: the ZBP destination's own, and the delivery service's (JWKS). */
  readonly eventKeys: KeyResolver;
}

const JWKS_PATH = '/.well-known/jwks.json';

/** Connections by settings and secret, so that tokens and keys are reused and a changed profile takes effect. */
export class ZbpConnections {
  private readonly open = new Map<string, ZbpConnection>();

  constructor(private readonly secrets: SecretStore) {}

  async get(settings: ZbpSettings, caseId: string): Promise<ZbpConnection> {
    const clientSecret = await requireSecret(this.secrets, settings.clientSecretName, caseId);
    const key = JSON.stringify([settings, clientSecret]);
    let connection = this.open.get(key);
    if (connection === undefined) {
      connection = connect(settings, clientSecret);
      this.open.set(key, connection);
    }
    return connection;
  }
}

function connect(settings: ZbpSettings, clientSecret: string): ZbpConnection {
  const client = new SenderClient({
    baseUrl: settings.submissionApiUrl.replace(/\/$/, ''),
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecret,
    ...(settings.apiPrefix === undefined ? {} : { apiPrefix: settings.apiPrefix }),
  });
  const serviceKeys = createRemoteJWKSet(new URL(settings.submissionApiUrl.replace(/\/$/, '') + JWKS_PATH));
  const destinationKeys = new Map<string, Promise<KeyObject | undefined>>();
  const destinationKey = (kid: string): Promise<KeyObject | undefined> => {
    let found = destinationKeys.get(kid);
    if (found === undefined) {
      found = client.destinationKey(settings.destinationId, kid).then((jwk) =>
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
  const eventKeys: KeyResolver = async ({ kid, issuer }): Promise<VerificationKey | undefined> => {
    if (issuer === settings.destinationId) return destinationKey(kid);
    try {
      return await serviceKeys({ alg: SET_ALGORITHM, kid });
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return undefined;
      throw error;
    }
  };
  return { settings, client, eventKeys };
}
