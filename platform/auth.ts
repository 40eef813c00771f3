import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../shared/coded-error';
import type { Clock } from './clock';
import { ApiProblem } from './problems';
import { FIT_CONNECT } from './settings';
import type { ClientRepository, ClientRole } from './store/clients';

export interface Principal {
  clientId: string;
  role: ClientRole;
  destinations: ReadonlySet<string>;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** OAuth2 error codes (RFC 6749 §5.2): the token endpoint answers with these, not with problem+json. */
export type TokenErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';

const tokenErrors: Record<TokenErrorCode, { status: number; message: string }> = {
  invalid_request: { status: 400, message: 'client_id and client_secret are required in the form body.' },
  invalid_client: { status: 401, message: 'Client authentication failed.' },
  unsupported_grant_type: { status: 400, message: 'Only grant_type=client_credentials is supported.' },
};

export class TokenError extends CodedError<TokenErrorCode> {
  readonly status: number;

  constructor(code: TokenErrorCode) {
    super(code, tokenErrors[code].message);
    this.name = 'TokenError';
    this.status = tokenErrors[code].status;
  }
}

/** Secrets and tokens are 256-bit random values, so a plain SHA-256 is a sufficient stored form. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export class TokenService {
  constructor(
    private readonly clients: ClientRepository,
    private readonly clock: Clock,
  ) {}

  /** The client-credentials grant, credentials in the form body only (FITKO is reported to refuse Basic). */
  issue(form: URLSearchParams, authorization: string | undefined): TokenResponse {
    if (authorization !== undefined) throw new TokenError('invalid_client');
    if (form.get('grant_type') !== 'client_credentials') throw new TokenError('unsupported_grant_type');
    const clientId = form.get('client_id');
    const secret = form.get('client_secret');
    if (!clientId || !secret) throw new TokenError('invalid_request');
    const client = this.clients.find(clientId);
    if (client === undefined || !sameHash(client.secretHash, hashSecret(secret)))
      throw new TokenError('invalid_client');
    const token = newSecret();
    const now = this.clock();
    this.clients.deleteExpiredTokens(now);
    this.clients.insertToken(
      hashSecret(token),
      client.clientId,
      now + FIT_CONNECT.tokenLifetimeSeconds * 1000,
    );
    const scope =
      client.role === 'sender'
        ? FIT_CONNECT.senderScope
        : client.destinations.map(FIT_CONNECT.subscriberScope).join(' ');
    return { access_token: token, token_type: 'Bearer', expires_in: FIT_CONNECT.tokenLifetimeSeconds, scope };
  }

  /** Resolves `Authorization: Bearer …` to its client, or answers 401. */
  authenticate(authorization: string | undefined): Principal {
    const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    const stored = match?.[1] === undefined ? undefined : this.clients.findToken(hashSecret(match[1]));
    const client =
      stored !== undefined && stored.expiresAt > this.clock()
        ? this.clients.find(stored.clientId)
        : undefined;
    if (client === undefined) throw new ApiProblem('unauthorized');
    return { clientId: client.clientId, role: client.role, destinations: new Set(client.destinations) };
  }
}
