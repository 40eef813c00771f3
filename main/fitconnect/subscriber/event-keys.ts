import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { SubscriberError } from '../client/errors';
import { type KeyReference, type KeyResolver, SET_ALGORITHM } from '../set';
import type { SubmissionApi } from './submission-api';

const JWKS_REFRESH_MS = 60_000;

/**
 * Verification keys for the SETs of one destination's event logs: the delivery service's JWKS when `iss` is
 * the service, the destination's published signature key when `iss` is the destination; nobody else.
 * Keys are fetched once and kept; an unknown service `kid` fetches the JWKS again (key rollover), at most
 * once a minute so that forged kids cannot make it ask on every token.
 */
export class EventKeys {
  private serviceKeys: Promise<Map<string, KeyObject>> | undefined;
  private loadedAt = 0;
  private readonly destinationKeys = new Map<string, Promise<KeyObject | undefined>>();

  constructor(
    private readonly api: SubmissionApi,
    readonly serviceIssuer: string,
  ) {}

  readonly resolve: KeyResolver = async ({ kid, issuer }: KeyReference) => {
    if (issuer === this.serviceIssuer) return this.serviceKey(kid);
    if (issuer === this.api.destinationId) return this.destinationKey(kid);
    return undefined;
  };

  private async serviceKey(kid: string): Promise<KeyObject | undefined> {
    this.serviceKeys ??= this.loadServiceKeys();
    const key = (await this.serviceKeys).get(kid);
    if (key !== undefined || Date.now() - this.loadedAt < JWKS_REFRESH_MS) return key;
    this.serviceKeys = this.loadServiceKeys();
    return (await this.serviceKeys).get(kid);
  }

  private async loadServiceKeys(): Promise<Map<string, KeyObject>> {
    this.loadedAt = Date.now();
    const loading = this.api.serviceJwks().then(({ keys }) => {
      const usable = new Map<string, KeyObject>();
      for (const jwk of keys) {
        const key = verificationKey(jwk);
        if (key !== undefined && jwk.kid !== undefined) usable.set(jwk.kid, key);
      }
      return usable;
    });
    // A failed fetch is not kept: the next lookup asks again.
    loading.catch(() => {
      this.serviceKeys = undefined;
    });
    return loading;
  }

  private destinationKey(kid: string): Promise<KeyObject | undefined> {
    let key = this.destinationKeys.get(kid);
    if (key === undefined) {
      key = this.api.destinationKey(kid).then(
        (jwk) => (jwk.kid === kid ? verificationKey(jwk) : undefined),
        (error: unknown) => {
          this.destinationKeys.delete(kid);
          if (error instanceof SubscriberError && error.code === 'not-found') return undefined;
          throw error;
        },
      );
      this.destinationKeys.set(kid, key);
    }
    return key;
  }
}

/** Only RSA keys published for signature verification with PS512 are used. */
function verificationKey(jwk: JWK): KeyObject | undefined {
  if (jwk.kty !== 'RSA' || jwk.d !== undefined) return undefined;
  if (jwk.alg !== undefined && jwk.alg !== SET_ALGORITHM) return undefined;
  if (jwk.key_ops !== undefined && !jwk.key_ops.includes('verify')) return undefined;
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
}
