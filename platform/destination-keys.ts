import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import type { PlatformContext } from './context';
import { type KeyPurpose, publicJwk } from './keys';
import { ApiProblem } from './problems';
import type { DestinationKey } from './store/destinations';

/**
 * Public keys a receiving system registers for its destination (through the admin API, or as its subscriber
 * through the Submission API): RSA of at least 4096 bits, one clear purpose, never private parameters.
 */
export const KID = z.string().regex(/^[A-Za-z0-9._~-]{1,128}$/, 'kid: 1–128 URL-safe characters');
const PRIVATE_PARAMETERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
const MIN_MODULUS_BITS = 4096;

export const publicKeyInput = z.looseObject({
  kty: z.literal('RSA'),
  kid: KID,
  n: z.string().min(1),
  e: z.string().min(1),
  alg: z.string().optional(),
  use: z.string().optional(),
  key_ops: z.array(z.string()).optional(),
});
export type PublicKeyInput = z.infer<typeof publicKeyInput>;

/** What a JWK says it is for: its key_ops, use or alg must agree on one purpose. */
function purposeOf(jwk: PublicKeyInput): KeyPurpose | undefined {
  const ops = jwk.key_ops ?? [];
  const encryption =
    ops.includes('wrapKey') || ops.includes('encrypt') || jwk.use === 'enc' || jwk.alg === 'RSA-OAEP-256';
  const signature = ops.includes('verify') || jwk.use === 'sig' || jwk.alg === 'PS512';
  if (encryption === signature) return undefined;
  return encryption ? 'encryption' : 'signature';
}

/** Checks a submitted public JWK and returns it as FIT-Connect publishes keys of its purpose. */
export function acceptPublicKey(input: PublicKeyInput): DestinationKey {
  const carried = PRIVATE_PARAMETERS.filter((name) => name in input);
  if (carried.length > 0) {
    throw new ApiProblem(
      'invalid-key',
      `Key ${input.kid} carries private parameters (${carried.join(', ')}): a private key never leaves the receiving system; send the public half only.`,
    );
  }
  const purpose = purposeOf(input);
  if (purpose === undefined) {
    throw new ApiProblem(
      'invalid-key',
      `Key ${input.kid}: key_ops, use and alg must name one purpose (wrapKey / RSA-OAEP-256 or verify / PS512).`,
    );
  }
  const expectedAlg = purpose === 'encryption' ? 'RSA-OAEP-256' : 'PS512';
  if (input.alg !== undefined && input.alg !== expectedAlg) {
    throw new ApiProblem('invalid-key', `Key ${input.kid}: alg must be ${expectedAlg}.`);
  }
  let bits: number | undefined;
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({ key: { kty: 'RSA', n: input.n, e: input.e }, format: 'jwk' });
    bits = key.asymmetricKeyDetails?.modulusLength;
  } catch {
    throw new ApiProblem('invalid-key', `Key ${input.kid} is not a readable RSA public key.`);
  }
  if (bits === undefined || bits < MIN_MODULUS_BITS) {
    throw new ApiProblem('invalid-key', `Key ${input.kid}: RSA keys need at least ${MIN_MODULUS_BITS} bits.`);
  }
  return { kid: input.kid, purpose, jwk: publicJwk(key, input.kid, purpose) };
}

/** Adds a checked key to the destination (which the caller found); a kid already registered answers 409. */
export function registerKey(
  ctx: PlatformContext,
  destinationId: string,
  input: PublicKeyInput,
): DestinationKey {
  const key = acceptPublicKey(input);
  if (ctx.destinations.key(destinationId, key.kid) !== undefined) {
    throw new ApiProblem('key-exists', `Key ${key.kid} is registered already.`);
  }
  ctx.destinations.addKey(destinationId, key);
  return key;
}

export function requireEncryptionKey(ctx: PlatformContext, destinationId: string, kid: string): void {
  if (ctx.destinations.key(destinationId, kid)?.purpose !== 'encryption') {
    throw new ApiProblem('invalid-key', `${kid} is not an encryption key of destination ${destinationId}.`);
  }
}
