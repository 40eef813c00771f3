/**
 * Who is calling: the person's OpenID Connect access token, checked on every request against the provider's
 * keys (JWKS, fetched once and cached by jose, fetched again for an unknown key id), its issuer, this
 * service's audience and its expiry; the principal is read from its claims as at the workstation.
 */
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Principal, Role } from '../../shared/auth/roles';
import { type ClaimMapping, principalFromClaims } from '../auth/claims';
import { AuthError } from '../auth/errors';
import type { IdentityProviderSettings } from './service';

/** Leeway for clocks that differ a little between provider and service. */
const CLOCK_TOLERANCE_SECONDS = 30;

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
  return async (token) => {
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
    try {
      return principalFromClaims(payload, mapping);
    } catch (error) {
      if (error instanceof AuthError) throw new TokenRefused('claims');
      throw error;
    }
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
