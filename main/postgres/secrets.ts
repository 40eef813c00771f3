/**
 * The department's key store on PostgreSQL: client secrets, private keys and passwords of the department
 * profile, each encrypted with AES-256-GCM under a key derived (HKDF-SHA-256) from the service's master key,
 * the department and name bound in as associated data, so a row copied to another name or department, or
 * altered, fails to open instead of yielding a wrong secret.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { SecretStore } from '../auth/secret-store';
import { PostgresStoreError } from './errors';

const INFO = 'antragsdesk/postgres/secrets/v1';

/** The secrets key of a 32-byte master key. */
export function secretsKey(masterKey: Uint8Array): Buffer {
  if (masterKey.byteLength !== 32) throw new PostgresStoreError('master-key-invalid');
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), INFO, 32));
}

type Run = <T>(work: (tx: SecretSession) => Promise<T>) => Promise<T>;

/** What the key store needs of a department's transaction. */
export interface SecretSession {
  readonly department: string;
  readonly db: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
}

interface SecretRecord {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

const aad = (department: string, name: string) => Buffer.from(`${department}\u0000${name}`, 'utf8');

export function postgresSecretStore(key: Buffer, run: Run, now: () => Date): SecretStore {
  return {
    put: (name, value) =>
      run(async (tx) => {
        const nonce = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, nonce);
        cipher.setAAD(aad(tx.department, name));
        const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
        await tx.db.query(
          `INSERT INTO secrets (department, name, nonce, ciphertext, tag, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (department, name) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext,
             tag = excluded.tag, updated_at = excluded.updated_at`,
          [tx.department, name, nonce, ciphertext, cipher.getAuthTag(), now().toISOString()],
        );
      }),
    get: (name) =>
      run(async (tx) => {
        const result = await tx.db.query('SELECT nonce, ciphertext, tag FROM secrets WHERE name = $1', [
          name,
        ]);
        const row = result.rows[0] as SecretRecord | undefined;
        if (!row) return null;
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, row.nonce);
          decipher.setAAD(aad(tx.department, name));
          decipher.setAuthTag(row.tag);
          return Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
        } catch (error) {
          throw new PostgresStoreError('secret-tampered', `secret ${name}`, { cause: error });
        }
      }),
    delete: (name) =>
      run(async (tx) => {
        await tx.db.query('DELETE FROM secrets WHERE name = $1', [name]);
      }),
  };
}
