/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for demo, training and tests: staff of two
 * departments sign in with a German login form; Antragsdesk is a public native client (PKCE, loopback
 * redirect on any port, refresh tokens). Nothing here is for production use: the accounts are in memory.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata, type Configuration, errors } from 'oidc-provider';
import { createInteractionHandler, INTERACTION_PATH } from './interactions';
import { loadProviderKeys } from './keys';
import { errorPage, loggedOutPage, logoutPage } from './pages';
import { createUserDirectory, demoUsers, type IdentityUser } from './users';

export interface IdentityClient {
  clientId: string;
  /** Default `http://127.0.0.1/callback`; a native client's loopback redirect may use any port. */
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
}

export interface IdentityProviderOptions {
  /** Default 0: a free port chosen by the system. */
  port?: number;
  /**
   * The issuer it names in its metadata and tokens; default `http://127.0.0.1:<port>`. Set it to serve behind
   * a proxy (or, in a test, to provoke an issuer mismatch).
   */
  issuer?: string;
  clients?: IdentityClient[];
  users?: readonly IdentityUser[];
  /** Keeps the signing and cookie keys here; without it they are generated at every start. */
  dataDir?: string;
  accessTokenTtlSeconds?: number;
  /**
   * The department service as a resource server (RFC 8707): an access token asked for with this resource
   * indicator is a JWT for this audience that carries the person's claims (department, roles, name), so the
   * service checks it against the provider's keys alone, on every call.
   */
  apiAudience?: string;
}

/** The scope that names the department service's API; its access tokens carry it. */
export const API_SCOPE = 'antragsdesk';

export interface IdentityProvider {
  issuer: string;
  /** The department service's audience, when the provider issues access tokens for it. */
  apiAudience?: string;
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT_ID = 'antragsdesk';
/**
 * The workstation's loopback redirect, and the department service's sign-in of browsers on loopback
 * (the demo's); a native client's loopback redirect matches on any port (RFC 8252).
 */
const LOOPBACK_CALLBACKS = ['http://127.0.0.1/callback', 'http://127.0.0.1/auth/callback'];
/** The demo's department service: the audience (an absolute URI, as RFC 8707 asks) of its access tokens. */
export const DEMO_API_AUDIENCE = 'urn:antragsdesk:department-service';

function clientMetadata(client: IdentityClient): ClientMetadata {
  return {
    client_id: client.clientId,
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: client.redirectUris ?? LOOPBACK_CALLBACKS,
    post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
  };
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startIdentityProvider(
  options: IdentityProviderOptions = {},
): Promise<IdentityProvider> {
  const users = createUserDirectory(options.users ?? demoUsers);
  const clients = options.clients ?? [{ clientId: DEFAULT_CLIENT_ID }];
  const keys = await loadProviderKeys(options.dataDir);
  const server = createServer();
  const port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const issuer = options.issuer ?? url;

  const configuration: Configuration = {
    clients: clients.map(clientMetadata),
    jwks: keys.jwks as Configuration['jwks'],
    cookies: { keys: keys.cookieKeys },
    claims: { openid: ['sub'], profile: ['preferred_username', ...users.claimNames()] },
    scopes: ['openid', 'offline_access', API_SCOPE],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        // A client revokes its own tokens only (all clients here are public: no other proof is possible).
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // The resource named at authorization is the one the code's tokens are for.
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (options.apiAudience === undefined || resource !== options.apiAudience) {
            throw new errors.InvalidTarget();
          }
          return {
            scope: API_SCOPE,
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: options.accessTokenTtlSeconds ?? 600,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
    findAccount: async (_ctx, sub) => {
      const user = users.find(sub);
      if (user === undefined) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, preferred_username: user.username, ...user.claims }),
      };
    },
    // The service's access tokens name the person as the ID token does: it has no userinfo call per request.
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== 'AccessToken' || !('aud' in token) || token.aud === undefined) return undefined;
      const user = token.accountId === undefined ? undefined : users.find(token.accountId);
      return user && { preferred_username: user.username, ...user.claims };
    },
    // Refresh tokens for every client that may use them, without the `offline_access` consent dance.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: options.accessTokenTtlSeconds ?? 600,
      IdToken: 3600,
      Interaction: 600,
      Grant: 8 * 3600,
      Session: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(`${out.error}${out.error_description ? `: ${out.error_description}` : ''}`);
    },
  };

  const provider = new Provider(issuer, configuration);
  const handleInteraction = createInteractionHandler(provider, users);
  const handleProtocol = provider.callback();

  server.on('request', (req, res) => {
    const match = INTERACTION_PATH.exec(new URL(req.url ?? '/', url).pathname);
    if (match?.[1] !== undefined) {
      void handleInteraction(req, res, match[1], match[2]);
    } else {
      handleProtocol(req, res);
    }
  });

  return {
    issuer,
    ...(options.apiAudience !== undefined && { apiAudience: options.apiAudience }),
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
