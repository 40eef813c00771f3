import type { SqliteDatabase } from './sqlite';

export type SubmissionStatus = 'incomplete' | 'submitted' | 'forwarded' | 'accepted' | 'rejected';

/** Statuses in which a subscriber can fetch a submission and decide on it. */
export const PICKUP_STATUSES: readonly SubmissionStatus[] = ['submitted', 'forwarded'];

export interface CaseRecord {
  caseId: string;
  destinationId: string;
  senderClientId: string;
}

export interface SubmissionRecord {
  submissionId: string;
  caseId: string;
  destinationId: string;
  senderClientId: string;
  serviceType: { name: string; identifier: string };
  status: SubmissionStatus;
  announcedAttachments: string[];
  encryptedMetadata?: string;
  encryptedData?: string;
  createdAt: number;
  submittedAt?: number;
  decidedAt?: number;
  /** When the delivery service deleted it (after its deadline); a deleted submission exists for nobody. */
  deletedAt?: number;
}

export interface StoredAttachment {
  attachmentId: string;
  /** The upload's file name in PartFiles (each upload gets its own, so a retry never overwrites a submitted one). */
  file: string;
  tag: string;
  size: number;
}

interface SubmissionRow {
  submission_id: string;
  case_id: string;
  destination_id: string;
  sender_client_id: string;
  service_name: string;
  service_identifier: string;
  status: SubmissionStatus;
  announced_attachments: string;
  encrypted_metadata: string | null;
  encrypted_data: string | null;
  created_at: number;
  submitted_at: number | null;
  decided_at: number | null;
  deleted_at: number | null;
}

function fromRow(row: SubmissionRow): SubmissionRecord {
  return {
    submissionId: row.submission_id,
    caseId: row.case_id,
    destinationId: row.destination_id,
    senderClientId: row.sender_client_id,
    serviceType: { name: row.service_name, identifier: row.service_identifier },
    status: row.status,
    announcedAttachments: JSON.parse(row.announced_attachments) as string[],
    ...(row.encrypted_metadata === null ? {} : { encryptedMetadata: row.encrypted_metadata }),
    ...(row.encrypted_data === null ? {} : { encryptedData: row.encrypted_data }),
    createdAt: row.created_at,
    ...(row.submitted_at === null ? {} : { submittedAt: row.submitted_at }),
    ...(row.decided_at === null ? {} : { decidedAt: row.decided_at }),
    ...(row.deleted_at === null ? {} : { deletedAt: row.deleted_at }),
  };
}

const PICKUP_SQL = `status IN (${PICKUP_STATUSES.map((status) => `'${status}'`).join(', ')})`;

export class SubmissionRepository {
  constructor(private readonly db: SqliteDatabase) {}

  findCase(caseId: string): CaseRecord | undefined {
    const row = this.db.prepare('SELECT * FROM cases WHERE case_id = ?').get(caseId) as
      | { case_id: string; destination_id: string; sender_client_id: string }
      | undefined;
    return row === undefined
      ? undefined
      : { caseId: row.case_id, destinationId: row.destination_id, senderClientId: row.sender_client_id };
  }

  /** Creates the submission (and its case when new) in one transaction. */
  insert(record: SubmissionRecord, newCase: boolean): void {
    this.db.transaction(() => {
      if (newCase) {
        this.db
          .prepare('INSERT INTO cases (case_id, destination_id, sender_client_id) VALUES (?, ?, ?)')
          .run(record.caseId, record.destinationId, record.senderClientId);
      }
      this.db
        .prepare(
          `INSERT INTO submissions (submission_id, case_id, destination_id, sender_client_id, service_name,
             service_identifier, status, announced_attachments, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          record.submissionId,
          record.caseId,
          record.destinationId,
          record.senderClientId,
          record.serviceType.name,
          record.serviceType.identifier,
          record.status,
          JSON.stringify(record.announcedAttachments),
          record.createdAt,
        );
    })();
  }

  find(submissionId: string): SubmissionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM submissions WHERE submission_id = ?').get(submissionId) as
      | SubmissionRow
      | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  attachments(submissionId: string): StoredAttachment[] {
    return (
      this.db
        .prepare(
          'SELECT attachment_id, file, tag, size FROM attachments WHERE submission_id = ? ORDER BY attachment_id',
        )
        .all(submissionId) as { attachment_id: string; file: string; tag: string; size: number }[]
    ).map((row) => ({ attachmentId: row.attachment_id, file: row.file, tag: row.tag, size: row.size }));
  }

  /**
   * Records an uploaded attachment while the submission is still incomplete; a repeated upload (a retry)
   * replaces the earlier one. Returns the replaced upload's file, or false when the submission was no longer
   * incomplete.
   */
  putAttachment(submissionId: string, attachment: StoredAttachment): string | undefined | false {
    return this.db.transaction(() => {
      const incomplete = this.db
        .prepare(
          `SELECT 1 FROM submissions WHERE submission_id = ? AND status = 'incomplete' AND deleted_at IS NULL`,
        )
        .get(submissionId);
      if (incomplete === undefined) return false;
      const previous = this.db
        .prepare('SELECT file FROM attachments WHERE submission_id = ? AND attachment_id = ?')
        .get(submissionId, attachment.attachmentId) as { file: string } | undefined;
      this.db
        .prepare(
          `INSERT INTO attachments (submission_id, attachment_id, file, tag, size) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (submission_id, attachment_id)
           DO UPDATE SET file = excluded.file, tag = excluded.tag, size = excluded.size`,
        )
        .run(submissionId, attachment.attachmentId, attachment.file, attachment.tag, attachment.size);
      return previous?.file;
    })();
  }

  /** Moves an incomplete submission to `submitted`; false when it was no longer incomplete. */
  markSubmitted(
    submissionId: string,
    encryptedMetadata: string,
    encryptedData: string | undefined,
    at: number,
  ): boolean {
    return (
      this.db
        .prepare(
          `UPDATE submissions SET status = 'submitted', encrypted_metadata = ?, encrypted_data = ?, submitted_at = ?
           WHERE submission_id = ? AND status = 'incomplete' AND deleted_at IS NULL`,
        )
        .run(encryptedMetadata, encryptedData ?? null, at, submissionId).changes === 1
    );
  }

  /**
   * Records the decision; false when the submission was not awaiting a decision. The ciphertext stays until
   * the deletion deadline (`markDeleted`), as FITKO keeps a decided submission for 7 days.
   */
  decide(submissionId: string, status: 'accepted' | 'rejected', at: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE submissions SET status = ?, decided_at = ? WHERE submission_id = ? AND ${PICKUP_SQL}`,
        )
        .run(status, at, submissionId).changes === 1
    );
  }

  /** Drops the ciphertext and the attachment records; false when it was deleted before. */
  markDeleted(submissionId: string, at: number): boolean {
    const changed =
      this.db
        .prepare(
          `UPDATE submissions SET deleted_at = ?, encrypted_metadata = NULL, encrypted_data = NULL
           WHERE submission_id = ? AND deleted_at IS NULL`,
        )
        .run(at, submissionId).changes === 1;
    if (changed) this.db.prepare('DELETE FROM attachments WHERE submission_id = ?').run(submissionId);
    return changed;
  }

  /** Submissions ready for pickup in the given destinations, oldest first. */
  pickupPage(
    destinationIds: readonly string[],
    offset: number,
    limit: number,
  ): { totalCount: number; items: Pick<SubmissionRecord, 'destinationId' | 'submissionId' | 'caseId'>[] } {
    const placeholders = destinationIds.map(() => '?').join(', ');
    const where = `${PICKUP_SQL} AND destination_id IN (${placeholders})`;
    const total = this.db
      .prepare(`SELECT COUNT(*) AS n FROM submissions WHERE ${where}`)
      .get(...destinationIds) as {
      n: number;
    };
    const rows = this.db
      .prepare(
        `SELECT destination_id, submission_id, case_id FROM submissions WHERE ${where} ORDER BY seq LIMIT ? OFFSET ?`,
      )
      .all(...destinationIds, limit, offset) as {
      destination_id: string;
      submission_id: string;
      case_id: string;
    }[];
    return {
      totalCount: total.n,
      items: rows.map((row) => ({
        destinationId: row.destination_id,
        submissionId: row.submission_id,
        caseId: row.case_id,
      })),
    };
  }

  /** Submissions awaiting pickup since `submittedBefore` or earlier. */
  dueSince(submittedBefore: number): SubmissionRecord[] {
    return (
      this.db
        .prepare(`SELECT * FROM submissions WHERE ${PICKUP_SQL} AND submitted_at <= ? ORDER BY seq`)
        .all(submittedBefore) as SubmissionRow[]
    ).map(fromRow);
  }

  /** Submissions awaiting pickup since `submittedBefore` or earlier whose reminder of `day` is not recorded yet. */
  awaitingReminder(day: number, submittedBefore: number): SubmissionRecord[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM submissions s WHERE ${PICKUP_SQL} AND submitted_at <= ?
             AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.submission_id = s.submission_id AND r.day = ?)
           ORDER BY seq`,
        )
        .all(submittedBefore, day) as SubmissionRow[]
    ).map(fromRow);
  }

  /** Decided submissions not yet deleted whose decision was at `decidedBefore` or earlier. */
  decidedSince(decidedBefore: number): SubmissionRecord[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM submissions WHERE deleted_at IS NULL AND status IN ('accepted', 'rejected')
             AND decided_at <= ? ORDER BY seq`,
        )
        .all(decidedBefore) as SubmissionRow[]
    ).map(fromRow);
  }

  /** Submissions never completed, created at `createdBefore` or earlier and not yet deleted. */
  incompleteSince(createdBefore: number): SubmissionRecord[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM submissions WHERE deleted_at IS NULL AND status = 'incomplete' AND created_at <= ?
           ORDER BY seq`,
        )
        .all(createdBefore) as SubmissionRow[]
    ).map(fromRow);
  }

  /** Ids of every submission of a destination (to remove their files when the destination goes). */
  idsOfDestination(destinationId: string): string[] {
    return (
      this.db
        .prepare('SELECT submission_id FROM submissions WHERE destination_id = ?')
        .all(destinationId) as {
        submission_id: string;
      }[]
    ).map((row) => row.submission_id);
  }
}
