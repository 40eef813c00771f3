import type { JWK } from 'jose';
import { testKeyPair } from './platform-keys';

/**
 * Keys as another vendor's receiving system makes them: the private half stays with it, the public JWK (with
 * its own kid) is what it registers through the admin API.
 */
export async function vendorKey(
  index: number,
  purpose: 'encryption' | 'signature',
  kid: string,
): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const pair = await testKeyPair(index);
  const profile =
    purpose === 'encryption'
      ? { alg: 'RSA-OAEP-256', use: 'enc', key_ops: ['wrapKey'] }
      : { alg: 'PS512', use: 'sig', key_ops: ['verify'] };
  return {
    publicJwk: { ...(pair.publicKey.export({ format: 'jwk' }) as JWK), kid, ...profile },
    privateJwk: { ...(pair.privateKey.export({ format: 'jwk' }) as JWK), kid, alg: profile.alg },
  };
}
