import { join } from 'node:path';
import { openSqlite, type SqliteDatabase } from './sqlite';

/** Schema versions in order; each runs once (tracked in `user_version`). */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE service_keys (
    kid TEXT PRIMARY KEY,
    private_jwk TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE destinations (
    destination_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    encryption_kid TEXT NOT NULL,
    services TEXT NOT NULL,
    reply_channels TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE destination_keys (
    destination_id TEXT NOT NULL REFERENCES destinations (destination_id),
    kid TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('encryption', 'signature')),
    public_jwk TEXT NOT NULL,
    PRIMARY KEY (destination_id, kid)
  );
  CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('subscriber', 'sender'))
  );
  CREATE TABLE client_destinations (
    client_id TEXT NOT NULL REFERENCES clients (client_id),
    destination_id TEXT NOT NULL REFERENCES destinations (destination_id),
    PRIMARY KEY (client_id, destination_id)
  );
  CREATE TABLE access_tokens (
    token_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (client_id),
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE cases (
    case_id TEXT PRIMARY KEY,
    destination_id TEXT NOT NULL REFERENCES destinations (destination_id),
    sender_client_id TEXT NOT NULL
  );
  CREATE TABLE submissions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    destination_id TEXT NOT NULL REFERENCES destinations (destination_id),
    sender_client_id TEXT NOT NULL,
    service_name TEXT NOT NULL,
    service_identifier TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('incomplete', 'submitted', 'forwarded', 'accepted', 'rejected')),
    announced_attachments TEXT NOT NULL,
    encrypted_metadata TEXT,
    encrypted_data TEXT,
    created_at INTEGER NOT NULL,
    submitted_at INTEGER,
    decided_at INTEGER,
    deleted_at INTEGER
  );
  CREATE INDEX submissions_pickup ON submissions (status, destination_id, seq);
  CREATE INDEX submissions_due ON submissions (status, submitted_at);
  CREATE TABLE attachments (
    submission_id TEXT NOT NULL REFERENCES submissions (submission_id),
    attachment_id TEXT NOT NULL,
    file TEXT NOT NULL,
    tag TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (submission_id, attachment_id)
  );
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    submission_id TEXT NOT NULL,
    event TEXT NOT NULL,
    jti TEXT NOT NULL UNIQUE,
    token TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX events_case ON events (case_id, seq);
  `,
  // The admin API (services with their schema files, destination names and callbacks) and the deadlines
  // (reminders to the operator, deletion after decision).
  `
  CREATE TABLE services (
    identifier TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    schema_uri TEXT NOT NULL,
    mime_type TEXT NOT NULL CHECK (mime_type IN ('application/json', 'application/xml')),
    schema TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  ALTER TABLE destinations ADD COLUMN name TEXT NOT NULL DEFAULT '';
  ALTER TABLE destinations ADD COLUMN callback_url TEXT;
  ALTER TABLE destinations ADD COLUMN callback_secret TEXT;
  CREATE TABLE reminders (
    submission_id TEXT NOT NULL REFERENCES submissions (submission_id),
    day INTEGER NOT NULL,
    destination_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (submission_id, day)
  );
  CREATE INDEX submissions_decided ON submissions (deleted_at, decided_at);
  `,
];

export function openPlatformDatabase(dataDir: string): SqliteDatabase {
  const db = openSqlite(join(dataDir, 'platform.sqlite'));
  const current = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    MIGRATIONS.slice(current).forEach((sql) => {
      db.exec(sql);
    });
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return db;
}
