/**
 * The department's way into FIT-Connect as a sender to the ZBP: the sender client (token, keys, the three
 * sender steps, the case's event log) and the keys that verify the event log, one per set of settings.
 */
import type { SecretStore } from '../../auth/secret-store';
import { SenderClient } from '../../fitconnect/sender/client';
import { senderEventKeys } from '../../fitconnect/sender/event-keys';
import type { KeyResolver } from '../../fitconnect/set';
import { requireSecret } from '../secrets';
import type { ZbpSettings } from '../types';

export interface ZbpConnection {
  readonly settings: ZbpSettings;
  readonly client: SenderClient;
  /** Verification keys for the event log: the ZBP destination's own, and the delivery service's (JWKS). */
  readonly eventKeys: KeyResolver;
}

/** Connections by settings and secret, so that tokens and keys are reused and a changed profile takes effect. */
export class ZbpConnections {
  private readonly open = new Map<string, ZbpConnection>();

  constructor(private readonly secrets: SecretStore) {}

  async get(settings: ZbpSettings, caseId: string): Promise<ZbpConnection> {
    const clientSecret = await requireSecret(this.secrets, settings.clientSecretName, caseId);
    const key = JSON.stringify([settings, clientSecret]);
    let connection = this.open.get(key);
    if (connection === undefined) {
      connection = connect(settings, clientSecret);
      this.open.set(key, connection);
    }
    return connection;
  }
}

function connect(settings: ZbpSettings, clientSecret: string): ZbpConnection {
  const client = new SenderClient({
    baseUrl: settings.submissionApiUrl.replace(/\/$/, ''),
    tokenUrl: settings.tokenUrl,
    clientId: settings.clientId,
    clientSecret,
    ...(settings.apiPrefix === undefined ? {} : { apiPrefix: settings.apiPrefix }),
  });
  const eventKeys = senderEventKeys(client, settings.submissionApiUrl, settings.destinationId);
  return { settings, client, eventKeys };
}
