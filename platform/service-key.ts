import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { SigningKey } from '../main/fitconnect/set';
import type { Clock } from './clock';
import { publicJwk, type RsaKeyPairFactory } from './keys';
import type { SqliteDatabase } from './store/sqlite';

export interface ServiceKeys {
  /** Signs the platform's own SETs (PS512). */
  signingKey: SigningKey;
  /** `/.well-known/jwks.json`. */
  jwks: { keys: JWK[] };
}

/** The delivery service's signing key, made on first start and kept in the database across restarts. */
export async function loadServiceKeys(
  db: SqliteDatabase,
  makeKeyPair: RsaKeyPairFactory,
  clock: Clock,
): Promise<ServiceKeys> {
  let row = db.prepare('SELECT kid, private_jwk FROM service_keys ORDER BY created_at DESC LIMIT 1').get() as
    | { kid: string; private_jwk: string }
    | undefined;
  if (row === undefined) {
    const { privateKey } = await makeKeyPair();
    row = { kid: randomUUID(), private_jwk: JSON.stringify(privateKey.export({ format: 'jwk' })) };
    db.prepare('INSERT INTO service_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)').run(
      row.kid,
      row.private_jwk,
      clock(),
    );
  }
  const key = createPrivateKey({ key: JSON.parse(row.private_jwk), format: 'jwk' });
  return {
    signingKey: { kid: row.kid, key },
    jwks: { keys: [publicJwk(createPublicKey(key), row.kid, 'signature')] },
  };
}
