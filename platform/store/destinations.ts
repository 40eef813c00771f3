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

/** Where the delivery service announces new submissions (FIT-Connect callbacks). */
export interface DestinationCallback {
  url: string;
  secret: string;
}

export interface DestinationRecord {
  destinationId: string;
  /** Shown to administrators only; FIT-Connect publishes no name. */
  name: string;
  status: DestinationStatus;
  encryptionKid: string;
  services: DestinationService[];
  /** Reply channels the destination accepts, as published in its info (e.g. `{ eMail: { usePgp: false } }`). */
  replyChannels: Record<string, Record<string, unknown>>;
  callback?: DestinationCallback;
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
  name: string;
  callback_url: string | null;
  callback_secret: string | null;
}

function fromRow(row: DestinationRow): DestinationRecord {
  return {
    destinationId: row.destination_id,
    name: row.name,
    status: row.status,
    encryptionKid: row.encryption_kid,
    services: JSON.parse(row.services) as DestinationService[],
    replyChannels: JSON.parse(row.reply_channels) as DestinationRecord['replyChannels'],
    ...(row.callback_url === null || row.callback_secret === null
      ? {}
      : { callback: { url: row.callback_url, secret: row.callback_secret } }),
  };
}

/** The columns after destination_id, in table order: name, status, keys' choice, published info, callback. */
function changeable(record: DestinationRecord): unknown[] {
  return [
    record.name,
    record.status,
    record.encryptionKid,
    JSON.stringify(record.services),
    JSON.stringify(record.replyChannels),
    record.callback?.url ?? null,
    record.callback?.secret ?? null,
  ];
}

export class DestinationRepository {
  constructor(private readonly db: SqliteDatabase) {}

  insert(record: DestinationRecord, keys: readonly DestinationKey[], createdAt: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO destinations (destination_id, name, status, encryption_kid, services, reply_channels,
             callback_url, callback_secret, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(record.destinationId, ...changeable(record), createdAt);
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
    return row === undefined ? undefined : fromRow(row);
  }

  list(): DestinationRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM destinations ORDER BY created_at, destination_id')
        .all() as DestinationRow[]
    ).map(fromRow);
  }

  keys(destinationId: string): DestinationKey[] {
    return (
      this.db
        .prepare(
          'SELECT kid, purpose, public_jwk FROM destination_keys WHERE destination_id = ? ORDER BY rowid',
        )
        .all(destinationId) as { kid: string; purpose: KeyPurpose; public_jwk: string }[]
    ).map((row) => ({ kid: row.kid, purpose: row.purpose, jwk: JSON.parse(row.public_jwk) as JWK }));
  }

  deleteKey(destinationId: string, kid: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM destination_keys WHERE destination_id = ? AND kid = ?')
        .run(destinationId, kid).changes === 1
    );
  }

  /** Replaces what an administrator may change; the record must exist. */
  update(record: DestinationRecord): void {
    this.db
      .prepare(
        `UPDATE destinations SET name = ?, status = ?, encryption_kid = ?, services = ?, reply_channels = ?,
           callback_url = ?, callback_secret = ?
         WHERE destination_id = ?`,
      )
      .run(...changeable(record), record.destinationId);
  }

  /** Removes the destination with its keys, client links, cases, submissions, events and reminders. */
  delete(destinationId: string): boolean {
    return this.db.transaction(() => {
      const cases = 'SELECT case_id FROM cases WHERE destination_id = ?';
      const submissions = 'SELECT submission_id FROM submissions WHERE destination_id = ?';
      this.db.prepare(`DELETE FROM reminders WHERE submission_id IN (${submissions})`).run(destinationId);
      this.db.prepare(`DELETE FROM attachments WHERE submission_id IN (${submissions})`).run(destinationId);
      this.db.prepare(`DELETE FROM events WHERE case_id IN (${cases})`).run(destinationId);
      this.db.prepare('DELETE FROM submissions WHERE destination_id = ?').run(destinationId);
      this.db.prepare('DELETE FROM cases WHERE destination_id = ?').run(destinationId);
      this.db.prepare('DELETE FROM client_destinations WHERE destination_id = ?').run(destinationId);
      this.db.prepare('DELETE FROM destination_keys WHERE destination_id = ?').run(destinationId);
      return (
        this.db.prepare('DELETE FROM destinations WHERE destination_id = ?').run(destinationId).changes === 1
      );
    })();
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
}
