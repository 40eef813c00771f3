import type { SqliteDatabase } from './sqlite';

export type ClientRole = 'subscriber' | 'sender';

export interface ClientRecord {
  clientId: string;
  secretHash: string;
  role: ClientRole;
  destinations: string[];
}

/** Clients and their opaque access tokens (stored as hashes only, so a copied database grants nothing). */
export class ClientRepository {
  constructor(private readonly db: SqliteDatabase) {}

  insert(record: ClientRecord): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO clients (client_id, secret_hash, role) VALUES (?, ?, ?)')
        .run(record.clientId, record.secretHash, record.role);
      const link = this.db.prepare(
        'INSERT INTO client_destinations (client_id, destination_id) VALUES (?, ?)',
      );
      for (const destinationId of record.destinations) link.run(record.clientId, destinationId);
    })();
  }

  find(clientId: string): ClientRecord | undefined {
    const row = this.db
      .prepare('SELECT client_id, secret_hash, role FROM clients WHERE client_id = ?')
      .get(clientId) as { client_id: string; secret_hash: string; role: ClientRole } | undefined;
    if (row === undefined) return undefined;
    const destinations = (
      this.db
        .prepare('SELECT destination_id FROM client_destinations WHERE client_id = ? ORDER BY destination_id')
        .all(clientId) as { destination_id: string }[]
    ).map((link) => link.destination_id);
    return { clientId: row.client_id, secretHash: row.secret_hash, role: row.role, destinations };
  }

  list(): ClientRecord[] {
    const ids = this.db.prepare('SELECT client_id FROM clients ORDER BY rowid').all() as {
      client_id: string;
    }[];
    return ids.flatMap((row) => this.find(row.client_id) ?? []);
  }

  /** The subscriber client a destination is assigned to, if any (FITKO: one per destination). */
  subscriberOf(destinationId: string): string | undefined {
    const row = this.db
      .prepare(
        `SELECT c.client_id FROM client_destinations l JOIN clients c ON c.client_id = l.client_id
         WHERE l.destination_id = ? AND c.role = 'subscriber'`,
      )
      .get(destinationId) as { client_id: string } | undefined;
    return row?.client_id;
  }

  /** A new secret; every token issued under the old one stops working. False when the client is unknown. */
  replaceSecret(clientId: string, secretHash: string): boolean {
    return this.db.transaction(() => {
      const changed =
        this.db.prepare('UPDATE clients SET secret_hash = ? WHERE client_id = ?').run(secretHash, clientId)
          .changes === 1;
      if (changed) this.db.prepare('DELETE FROM access_tokens WHERE client_id = ?').run(clientId);
      return changed;
    })();
  }

  delete(clientId: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM access_tokens WHERE client_id = ?').run(clientId);
      this.db.prepare('DELETE FROM client_destinations WHERE client_id = ?').run(clientId);
      return this.db.prepare('DELETE FROM clients WHERE client_id = ?').run(clientId).changes === 1;
    })();
  }

  insertToken(tokenHash: string, clientId: string, expiresAt: number): void {
    this.db
      .prepare('INSERT INTO access_tokens (token_hash, client_id, expires_at) VALUES (?, ?, ?)')
      .run(tokenHash, clientId, expiresAt);
  }

  findToken(tokenHash: string): { clientId: string; expiresAt: number } | undefined {
    const row = this.db
      .prepare('SELECT client_id, expires_at FROM access_tokens WHERE token_hash = ?')
      .get(tokenHash) as { client_id: string; expires_at: number } | undefined;
    return row === undefined ? undefined : { clientId: row.client_id, expiresAt: row.expires_at };
  }

  deleteExpiredTokens(now: number): void {
    this.db.prepare('DELETE FROM access_tokens WHERE expires_at <= ?').run(now);
  }
}
