/**
 * The department service: the contract over HTTPS for many people of many departments at once, from one
 * PostgreSQL store. Each department's services are composed on its department-scoped store; the person of
 * each call comes from their OpenID Connect access token (or the browser session that holds it), never from
 * process state. Events reach each department's clients over Server-Sent Events fed by LISTEN/NOTIFY, so a
 * change made through one instance is seen by the clients of every instance.
 */
import type { Pool } from 'pg';
import type { Logger } from '../log/logger';

export interface IdentityProviderSettings {
  /** The provider's issuer, exactly as it names itself in its tokens. */
  issuer: string;
  /** The audience this service's access tokens are issued for (its resource indicator). */
  audience: string;
  /** The provider's JWKS; by default the `jwks_uri` of its discovery document. */
  jwksUri?: string;
  /** The client the service signs browsers in as (authorization code with PKCE). */
  clientId: string;
  /** Claim names and role values as in the department profiles (`main/auth/claims.ts`). */
  claimNames?: { department?: string; roles?: string; displayName?: string };
  roleMap?: Readonly<Record<string, string>>;
  /** Only for a provider on `http://127.0.0.1` (the demo and tests). */
  allowInsecureRequests?: boolean;
}

export interface DepartmentServiceOptions {
  /** The shared store; one dedicated client per instance is opened with the same settings for LISTEN. */
  pool: Pool;
  /** The key that encrypts the secrets and attachments at rest (IT provides it from a file or the environment). */
  masterKey: Uint8Array;
  /** The department profiles: file paths or parsed JSON, imported (secrets into the store) at start. */
  profiles: readonly (string | object)[];
  identityProvider: IdentityProviderSettings;
  /** PEM key and certificate; none only for tests and behind a TLS-terminating proxy on loopback. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** The built renderer (`out/renderer`) served to browsers. */
  rendererDir: string;
  /** Staging of archive packages and other scratch files of this instance. */
  dataDir: string;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** The address people reach the service at, if not the one it listens on (behind a proxy). */
  publicUrl?: string;
  log: Logger;
  now?: () => Date;
}

export interface DepartmentService {
  /** Where the service listens, e.g. `https://127.0.0.1:8443`. */
  url: string;
  close(): Promise<void>;
}

export async function startDepartmentService(options: DepartmentServiceOptions): Promise<DepartmentService> {
  void options;
  throw new Error('not yet implemented');
}
