import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import type { RetryPolicy } from '../../http/retry';
import { SubscriberError } from '../client/errors';
import { HttpClient } from '../client/http';
import { TokenClient } from '../client/token-client';
import { type DecryptionKeys, importDecryptionKeys } from '../crypto';
import { type Decryption, sharedDecryptionPool } from '../decrypt-pool';
import type { SigningKey } from '../set';
import { EventKeys } from './event-keys';
import {
  DEFAULT_SUBSCRIBER_SETTINGS,
  type DestinationCredentials,
  MAX_LIST_PAGE_SIZE,
  type SubscriberSettings,
} from './settings';
import { SubmissionApi } from './submission-api';

/** One destination, ready to talk to: its API client, its private keys and its event-key lookup. */
export interface DestinationConnection {
  readonly destinationId: string;
  readonly department: string;
  readonly api: SubmissionApi;
  readonly decryptionKeys: DecryptionKeys;
  /** Where its parts are decrypted: the process's worker threads unless the caller chose otherwise. */
  readonly decryption: Decryption;
  readonly signingKey: SigningKey;
  readonly eventKeys: EventKeys;
}

/**
 * The subscriber's connections for all destinations of a department profile: one keep-alive pool, one token
 * client per FIT-Connect client (destinations may share a client or each have their own), keys imported once.
 * Shared by the sync service and the outbox handler; `close()` at shutdown.
 */
export interface SubscriberConnections {
  readonly settings: SubscriberSettings;
  readonly destinations: readonly DestinationConnection[];
  /** Throws `unknown-destination` for a destination without credentials. */
  destination(destinationId: string): DestinationConnection;
  close(): Promise<void>;
}

export function openSubscriberConnections(
  credentials: readonly DestinationCredentials[],
  settings: Partial<SubscriberSettings> = {},
  decryption: Decryption = sharedDecryptionPool(),
): SubscriberConnections {
  const merged: SubscriberSettings = { ...DEFAULT_SUBSCRIBER_SETTINGS, ...settings };
  if (merged.listPageSize < 1 || merged.listPageSize > MAX_LIST_PAGE_SIZE) {
    throw new RangeError(`listPageSize must be between 1 and ${MAX_LIST_PAGE_SIZE}`);
  }
  const retry: RetryPolicy = {
    retries: merged.retries,
    baseMs: merged.retryBaseMs,
    maxMs: merged.retryMaxMs,
  };
  const http = new HttpClient(merged);
  const tokenClients = new Map<string, TokenClient>();
  const tokenClientFor = (entry: DestinationCredentials): TokenClient => {
    const key = JSON.stringify([entry.tokenUrl, entry.clientId]);
    let client = tokenClients.get(key);
    if (client === undefined) {
      client = new TokenClient(http, entry, {
        refreshMarginSeconds: merged.tokenRefreshMarginSeconds,
        retry,
      });
      tokenClients.set(key, client);
    }
    return client;
  };

  const destinations = credentials.map((entry): DestinationConnection => {
    const api = new SubmissionApi(http, tokenClientFor(entry), {
      destinationId: entry.destinationId,
      submissionApiUrl: entry.submissionApiUrl,
      apiPrefix: entry.apiPrefix,
      maxJsonBytes: merged.maxJsonBytes,
      retry,
    });
    return {
      destinationId: entry.destinationId,
      department: entry.department,
      api,
      decryptionKeys: importKeys(entry),
      decryption,
      signingKey: importSigningKey(entry),
      eventKeys: new EventKeys(api, entry.serviceIssuer ?? entry.submissionApiUrl.replace(/\/+$/, '')),
    };
  });
  const byId = new Map(destinations.map((destination) => [destination.destinationId, destination]));
  if (byId.size !== destinations.length) throw new RangeError('a destination is configured twice');

  return {
    settings: merged,
    destinations,
    destination(destinationId) {
      const found = byId.get(destinationId);
      if (found === undefined) throw new SubscriberError('unknown-destination', { destinationId });
      return found;
    },
    close: () => http.close(),
  };
}

function importKeys(entry: DestinationCredentials): DecryptionKeys {
  try {
    return importDecryptionKeys(entry.decryptionKeys);
  } catch (cause) {
    throw new SubscriberError('invalid-credentials', { destinationId: entry.destinationId }, { cause });
  }
}

function importSigningKey(entry: DestinationCredentials): SigningKey {
  const jwk = entry.signingKey;
  const invalid = (cause?: unknown) =>
    new SubscriberError('invalid-credentials', { destinationId: entry.destinationId }, { cause });
  if (jwk.kty !== 'RSA' || jwk.d === undefined || !jwk.kid) throw invalid();
  try {
    return { kid: jwk.kid, key: createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }) };
  } catch (cause) {
    throw invalid(cause);
  }
}
