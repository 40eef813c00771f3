import { z } from 'zod';
import type { RetryPolicy } from '../../http/retry';
import { SubscriberError } from './errors';
import { discard, expectStatus, type HttpClient, readJson } from './http';
import { withRetries } from './retry';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/**
 * OAuth2 client credentials for one FIT-Connect client: credentials in the form body (HTTP Basic is reported
 * to fail), no scope requested. The token is kept until `refreshMarginSeconds` before it expires; callers
 * that got a 401 `invalidate` it, so the next call fetches a new one. Concurrent callers share one request.
 */
export class TokenClient {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: ClientCredentials,
    private readonly options: { refreshMarginSeconds: number; retry: RetryPolicy; now?: () => number },
  ) {}

  async token(): Promise<string> {
    const now = this.options.now ?? Date.now;
    if (this.cached !== undefined && now() < this.cached.renewAt) return this.cached.token;
    this.pending ??= withRetries(() => this.request(), this.options.retry).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Drops the token if it is still the cached one (another caller may have renewed it already). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async request(): Promise<string> {
    const now = this.options.now ?? Date.now;
    const requestedAt = now();
    const response = await this.http.send({
      method: 'POST',
      url: this.credentials.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
      }).toString(),
    });
    const status = response.statusCode;
    // The token endpoint answers OAuth2 errors (400/401) for wrong credentials: no use asking again.
    if (status === 400 || status === 401 || status === 403) {
      await discard(response.body);
      throw new SubscriberError('token-refused', { status });
    }
    await expectStatus(response, [200]);
    const parsed = tokenResponse.safeParse(await readJson(response.body, MAX_TOKEN_RESPONSE_BYTES));
    if (!parsed.success) throw new SubscriberError('invalid-response');
    const lifetimeMs = parsed.data.expires_in * 1000;
    const marginMs = Math.min(this.options.refreshMarginSeconds * 1000, lifetimeMs / 2);
    this.cached = { token: parsed.data.access_token, renewAt: requestedAt + lifetimeMs - marginMs };
    return parsed.data.access_token;
  }
}
