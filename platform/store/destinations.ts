import type { JWK } from 'jose';
import type { KeyPurpose } from '../keys';
import type { SqliteDatabase } from './sqlite';

export interface DestinationService {
  identifier: string;
  name: string;
  submissionSchemas: { schemaUri: string; mimeType: 'application/json' | 'application/xml' }[];
  regions: string[];
}

export type DestinationStatus = 'active' | 'inactive';

export interface DestinationRecord {
  destinationId: string;
  status: DestinationStatus;
  encryptionKid: string;
  services: DestinationService[];
  /** Reply channels the destination accepts, as published in its info (e.g. `{ eMail: { usePgp: false } }`). */
  replyChannels: Record<string, Record<string, unknown>>;
}

export interface DestinationKey {
  kid: string;
  purpose: KeyPurpose;
  jwk: JWK;
}

interface DestinationRow {
  destination_id: string;
  status: DestinationStatus;
  encryption_kid: string;
  services: string;
  reply_channels: string;
}

export class DestinationRepository {
  constructor(private readonly db: SqliteDatabase) {}

  insert(record: DestinationRecord, keys: readonly DestinationKey[], createdAt: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO destinations (destination_id, status, encryption_kid, services, reply_channels, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          record.destinationId,
          record.status,
          record.encryptionKid,
          JSON.stringify(record.services),
          JSON.stringify(record.replyChannels),
          createdAt,
        );
      for (const key of keys) this.addKey(record.destinationId, key);
    })();
  }

  addKey(destinationId: string, key: DestinationKey): void {
    this.db
      .prepare('INSERT INTO destination_keys (destination_id, kid, purpose, public_jwk) VALUES (?, ?, ?, ?)')
      .run(destinationId, key.kid, key.purpose, JSON.stringify(key.jwk));
  }

  find(destinationId: string): DestinationRecord | undefined {
    const row = this.db.prepare('SELECT * FROM destinations WHERE destination_id = ?').get(destinationId) as
      | DestinationRow
      | undefined;
    if (row === undefined) return undefined;
    return {
      destinationId: row.destination_id,
      status: row.status,
      encryptionKid: row.encryption_kid,
      services: JSON.parse(row.services) as DestinationService[],
      replyChannels: JSON.parse(row.reply_channels) as DestinationRecord['replyChannels'],
    };
  }

  key(destinationId: string, kid: string): DestinationKey | undefined {
    const row = this.db
      .prepare('SELECT kid, purpose, public_jwk FROM destination_keys WHERE destination_id = ? AND kid = ?')
      .get(destinationId, kid) as { kid: string; purpose: KeyPurpose; public_jwk: string } | undefined;
    return row === undefined
      ? undefined
      : { kid: row.kid, purpose: row.purpose, jwk: JSON.parse(row.public_jwk) as JWK };
  }

  setStatus(destinationId: string, status: DestinationStatus): boolean {
    return (
      this.db
        .prepare('UPDATE destinations SET status = ? WHERE destination_id = ?')
        .run(status, destinationId).changes === 1
    );
  }

  setEncryptionKid(destinationId: string, kid: string): void {
    this.db
      .prepare('UPDATE destinations SET encryption_kid = ? WHERE destination_id = ?')
      .run(kid, destinationId);
  }
}
