/**
 * Who is calling: the person's OpenID Connect access token, checked on every request against the provider's
 * keys (JWKS, fetched once and cached by jose, fetched again for an unknown key id), its issuer, this
 * service's audience and its expiry; the principal is read from its claims as at the workstation. A token
 * once verified is remembered until its expiry (a workstation sends the same token with every call, and the
 * RSA signature check was the largest single cost of a call), under the SHA-256 of the whole token, so a
 * token changed in any byte is checked anew.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Principal, Role } from '../../shared/auth/roles';
import { type ClaimMapping, principalFromClaims } from '../auth/claims';
import { AuthError } from '../auth/errors';
import type { IdentityProviderSettings } from './service';

/** Leeway for clocks that differ a little between provider and service. */
const CLOCK_TOLERANCE_SECONDS = 30;
/** Verified tokens remembered at most (50 workstations hold one or two each); the oldest goes first. */
const REMEMBERED_TOKENS = 1_000;

export type VerifyAccessToken = (token: string) => Promise<Principal>;

/** Why a token was refused, by kind only (for the log: never the token or its claims). */
export type TokenRefusal = 'expired' | 'issuer' | 'audience' | 'signature' | 'claims' | 'malformed';

export class TokenRefused extends Error {
  readonly code = 'not-signed-in';
  constructor(readonly refusal: TokenRefusal) {
    super('The access token is not valid for this service.');
    this.name = 'TokenRefused';
  }
}

export function accessTokenVerifier(
  settings: IdentityProviderSettings,
  jwksUri: string,
  now: () => Date,
): VerifyAccessToken {
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(jwksUri));
  const mapping: ClaimMapping = {
    ...(settings.claimNames && { claimNames: settings.claimNames }),
    ...(settings.roleMap && { roleMap: settings.roleMap as Record<string, Role> }),
  };
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();
  return async (token) => {
    const key = createHash('sha256').update(token).digest('base64url');
    const known = verified.get(key);
    // Remembered only until the token's own expiry, without the clock leeway: never longer than a check allows.
    if (known && now().getTime() < known.expiresAt) return structuredClone(known.principal);
    verified.delete(key);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now(),
      }));
    } catch (error) {
      throw new TokenRefused(refusalOf(error));
    }
    let principal: Principal;
    try {
      principal = principalFromClaims(payload, mapping);
    } catch (error) {
      if (error instanceof AuthError) throw new TokenRefused('claims');
      throw error;
    }
    if (verified.size >= REMEMBERED_TOKENS) verified.delete(verified.keys().next().value as string);
    verified.set(key, { principal: structuredClone(principal), expiresAt: (payload.exp as number) * 1000 });
    return principal;
  };
}

function refusalOf(error: unknown): TokenRefusal {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    return 'claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'signature';
  }
  return 'malformed';
}
