/**
 * The ZBP stand-in's own SQLite file (`<dataDir>/zbp.sqlite`): its provisioning (destination keys, clients),
 * the mailboxes, the messages filed into them with their documents, and the status updates of applications.
 * Everything survives a restart.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ZbpMessage, ZbpStatusUpdate } from '../../main/delivery/zbp/fields';
import type { ProvisionedDestination } from '../provision';
import { openSqlite, type SqliteDatabase } from '../store/sqlite';

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE mailboxes (
    mailbox_uuid TEXT PRIMARY KEY,
    demo INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE mailbox_applications (
    mailbox_uuid TEXT NOT NULL REFERENCES mailboxes (mailbox_uuid),
    application_id TEXT NOT NULL,
    PRIMARY KEY (mailbox_uuid, application_id)
  );
  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL UNIQUE,
    mailbox_uuid TEXT NOT NULL REFERENCES mailboxes (mailbox_uuid),
    sender TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    service TEXT NOT NULL,
    application_id TEXT,
    reference TEXT,
    stork_qaa_level INTEGER NOT NULL,
    signer TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX messages_mailbox ON messages (mailbox_uuid, received_at);
  CREATE TABLE message_documents (
    id TEXT PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES messages (id),
    position INTEGER NOT NULL,
    filename TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    sha512 TEXT NOT NULL,
    content BLOB NOT NULL
  );
  CREATE TABLE status_updates (
    submission_id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL,
    status TEXT NOT NULL,
    public_service_name TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    status_details TEXT,
    reference TEXT,
    created_date TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX status_updates_application ON status_updates (application_id, received_at);
  `,
];

/** What the platform made for its ZBP on first start. */
export interface ZbpProvisioning extends ProvisionedDestination {
  /** The platform's own subscriber client for the ZBP destination. */
  subscriberClientId: string;
  /** The sender client authorities use to reach the ZBP (demo: one for all). */
  sender: { clientId: string; clientSecret: string };
}

export interface FiledDocument {
  filename: string;
  mimeType: string;
  sha512: string;
  content: Uint8Array;
}

export interface MessageSummary {
  id: string;
  sender: string;
  title: string;
  service: string;
  reference: string | null;
  receivedAt: number;
}

export interface MessageDetail extends MessageSummary {
  content: string;
  applicationId: string | null;
  storkQaaLevel: number;
  signer: string;
  documents: { id: string; filename: string; mimeType: string; size: number }[];
}

export interface StatusEntry {
  applicationId: string;
  status: string;
  publicServiceName: string;
  senderName: string;
  statusDetails: string | null;
  reference: string | null;
  receivedAt: number;
}

interface MessageRow {
  id: string;
  sender: string;
  title: string;
  service: string;
  reference: string | null;
  received_at: number;
  content: string;
  application_id: string | null;
  stork_qaa_level: number;
  signer: string;
}

export class MailboxStore {
  private constructor(private readonly db: SqliteDatabase) {}

  static open(dataDir: string): MailboxStore {
    const db = openSqlite(join(dataDir, 'zbp.sqlite'));
    const current = db.pragma('user_version', { simple: true }) as number;
    db.transaction(() => {
      for (const sql of MIGRATIONS.slice(current)) db.exec(sql);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    })();
    return new MailboxStore(db);
  }

  provisioning(): ZbpProvisioning | undefined {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'provisioning'`).get() as
      | { value: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as ZbpProvisioning);
  }

  saveProvisioning(provisioning: ZbpProvisioning): void {
    this.db
      .prepare(`INSERT INTO meta (key, value) VALUES ('provisioning', ?)`)
      .run(JSON.stringify(provisioning));
  }

  /** Opens a mailbox (if new) and links an application to it; demo mailboxes are listed by the CLI. */
  openMailbox(
    mailboxUuid: string,
    at: number,
    options: { demo?: boolean; applicationId?: string } = {},
  ): void {
    const mailbox = mailboxUuid.toLowerCase();
    this.db
      .prepare(
        `INSERT INTO mailboxes (mailbox_uuid, demo, created_at) VALUES (?, ?, ?)
         ON CONFLICT (mailbox_uuid) DO UPDATE SET demo = max(demo, excluded.demo)`,
      )
      .run(mailbox, options.demo ? 1 : 0, at);
    if (options.applicationId !== undefined) {
      this.db
        .prepare('INSERT OR IGNORE INTO mailbox_applications (mailbox_uuid, application_id) VALUES (?, ?)')
        .run(mailbox, options.applicationId.toLowerCase());
    }
  }

  hasMailbox(mailboxUuid: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM mailboxes WHERE mailbox_uuid = ?').get(mailboxUuid.toLowerCase()) !==
      undefined
    );
  }

  demoMailboxes(): string[] {
    return (
      this.db
        .prepare('SELECT mailbox_uuid FROM mailboxes WHERE demo = 1 ORDER BY created_at, mailbox_uuid')
        .all() as { mailbox_uuid: string }[]
    ).map((row) => row.mailbox_uuid);
  }

  /** Files a verified message with its documents; filing the same submission again changes nothing. */
  fileMessage(
    submissionId: string,
    message: ZbpMessage,
    signer: string,
    documents: readonly FiledDocument[],
    at: number,
  ): void {
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM messages WHERE submission_id = ?').get(submissionId)) return;
      this.openMailbox(message.mailboxUuid, at, {
        ...(message.applicationId === undefined ? {} : { applicationId: message.applicationId }),
      });
      const id = randomUUID();
      this.db
        .prepare(
          `INSERT INTO messages (id, submission_id, mailbox_uuid, sender, title, content, service, application_id,
             reference, stork_qaa_level, signer, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          submissionId,
          message.mailboxUuid.toLowerCase(),
          message.sender,
          message.title,
          message.content,
          message.service,
          message.applicationId?.toLowerCase() ?? null,
          message.reference ?? null,
          message.stork_qaa_level,
          signer,
          at,
        );
      const insert = this.db.prepare(
        `INSERT INTO message_documents (id, message_id, position, filename, mime_type, sha512, content)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      documents.forEach((document, position) => {
        insert.run(
          randomUUID(),
          id,
          position,
          document.filename,
          document.mimeType,
          document.sha512,
          Buffer.from(document.content),
        );
      });
    })();
  }

  fileStatus(submissionId: string, update: ZbpStatusUpdate, at: number): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO status_updates (submission_id, application_id, status, public_service_name,
           sender_name, status_details, reference, created_date, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        submissionId,
        update.applicationId.toLowerCase(),
        update.status,
        update.publicServiceName.de,
        update.senderName,
        update.statusDetails?.de ?? null,
        update.reference ?? null,
        update.createdDate,
        at,
      );
  }

  /** Newest first. */
  messages(mailboxUuid: string): MessageSummary[] {
    return (
      this.db
        .prepare(
          `SELECT id, sender, title, service, reference, received_at FROM messages
           WHERE mailbox_uuid = ? ORDER BY received_at DESC, id`,
        )
        .all(mailboxUuid.toLowerCase()) as MessageRow[]
    ).map(summaryOf);
  }

  message(mailboxUuid: string, messageId: string): MessageDetail | undefined {
    const row = this.db
      .prepare('SELECT * FROM messages WHERE mailbox_uuid = ? AND id = ?')
      .get(mailboxUuid.toLowerCase(), messageId.toLowerCase()) as MessageRow | undefined;
    if (row === undefined) return undefined;
    const documents = this.db
      .prepare(
        `SELECT id, filename, mime_type, length(content) AS size FROM message_documents
         WHERE message_id = ? ORDER BY position`,
      )
      .all(row.id) as { id: string; filename: string; mime_type: string; size: number }[];
    return {
      ...summaryOf(row),
      content: row.content,
      applicationId: row.application_id,
      storkQaaLevel: row.stork_qaa_level,
      signer: row.signer,
      documents: documents.map((document) => ({
        id: document.id,
        filename: document.filename,
        mimeType: document.mime_type,
        size: document.size,
      })),
    };
  }

  document(
    mailboxUuid: string,
    messageId: string,
    documentId: string,
  ): { filename: string; mimeType: string; content: Uint8Array } | undefined {
    const row = this.db
      .prepare(
        `SELECT d.filename, d.mime_type, d.content FROM message_documents d JOIN messages m ON m.id = d.message_id
         WHERE m.mailbox_uuid = ? AND m.id = ? AND d.id = ?`,
      )
      .get(mailboxUuid.toLowerCase(), messageId.toLowerCase(), documentId.toLowerCase()) as
      | { filename: string; mime_type: string; content: Buffer }
      | undefined;
    return row === undefined
      ? undefined
      : { filename: row.filename, mimeType: row.mime_type, content: new Uint8Array(row.content) };
  }

  /** The status history of the applications linked to a mailbox, newest first. */
  statuses(mailboxUuid: string): StatusEntry[] {
    return (
      this.db
        .prepare(
          `SELECT s.* FROM status_updates s JOIN mailbox_applications a ON a.application_id = s.application_id
           WHERE a.mailbox_uuid = ? ORDER BY s.received_at DESC, s.submission_id`,
        )
        .all(mailboxUuid.toLowerCase()) as {
        application_id: string;
        status: string;
        public_service_name: string;
        sender_name: string;
        status_details: string | null;
        reference: string | null;
        received_at: number;
      }[]
    ).map((row) => ({
      applicationId: row.application_id,
      status: row.status,
      publicServiceName: row.public_service_name,
      senderName: row.sender_name,
      statusDetails: row.status_details,
      reference: row.reference,
      receivedAt: row.received_at,
    }));
  }

  close(): void {
    this.db.close();
  }
}

function summaryOf(row: MessageRow): MessageSummary {
  return {
    id: row.id,
    sender: row.sender,
    title: row.title,
    service: row.service,
    reference: row.reference,
    receivedAt: row.received_at,
  };
}
