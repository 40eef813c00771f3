import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';

/** Makes RSA key pairs; tests inject a pool of pre-generated pairs so that no test pays for RSA-4096. */
export type RsaKeyPairFactory = () => Promise<{ privateKey: KeyObject; publicKey: KeyObject }>;

export const generateRsa4096: RsaKeyPairFactory = () =>
  promisify(generateKeyPair)('rsa', { modulusLength: 4096 });

export type KeyPurpose = 'encryption' | 'signature';

const JWK_PROFILE: Record<KeyPurpose, Pick<JWK, 'alg' | 'use' | 'key_ops'>> = {
  encryption: { alg: 'RSA-OAEP-256', use: 'enc', key_ops: ['wrapKey'] },
  signature: { alg: 'PS512', use: 'sig', key_ops: ['verify'] },
};

/** The public JWK as FIT-Connect publishes it: RSA, kid, alg and key_ops by purpose. */
export function publicJwk(key: KeyObject, kid: string, purpose: KeyPurpose): JWK {
  const { n, e } = key.export({ format: 'jwk' });
  return { kty: 'RSA', n, e, kid, ...JWK_PROFILE[purpose] };
}

/** The private JWK with the same kid and alg (key_ops of the private side: unwrapKey / sign). */
export function privateJwk(key: KeyObject, kid: string, purpose: KeyPurpose): JWK {
  const profile = JWK_PROFILE[purpose];
  return {
    ...key.export({ format: 'jwk' }),
    kid,
    alg: profile.alg,
    key_ops: [purpose === 'encryption' ? 'unwrapKey' : 'sign'],
  } as JWK;
}
