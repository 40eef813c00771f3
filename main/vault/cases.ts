/**
 * The case repository: intake from FIT-Connect, reading a case with everything stored for it, and the
 * workflow's changes under optimistic locking. All writes go through here so that the search index and
 * the version stay right.
 */
import { randomUUID } from 'node:crypto';
import {
  type AttachmentIntake,
  type AttachmentRow,
  attachmentPurposes,
  type CaseDetail,
  type CaseIntake,
  type CaseList,
  type CasePatch,
  type CaseQuery,
  type CaseRow,
  caseStatuses,
  type JsonObject,
  type NoteRow,
  type PlatformStatus,
  platformStatuses,
  type SubmissionRow,
  verificationStates,
} from '../../shared/cases/types';
import { sanitizeFileName } from '../../shared/files/file-names';
import { columns } from './columns';
import { VaultError } from './errors';
import { listCases } from './search';
import { refreshFormText } from './search-index';
import { isoTime, isoTimeOrNull, oneOf, prepared, reportDamageAs, type SqliteDatabase } from './sql';

/** A row as SQLite returns it: JSON columns still text. */
type CaseRecord = Omit<CaseRow, 'replyChannel'> & { replyChannel: string | null };
type SubmissionRecord = Omit<SubmissionRow, 'metadata' | 'verificationReport' | 'authenticationTags'> & {
  metadata: string;
  verificationReport: string;
  authenticationTags: string | null;
};

const CASE_COLUMNS = columns<CaseRow>({
  id: true,
  fitCaseId: true,
  department: true,
  destinationId: true,
  serviceName: true,
  serviceIdentifier: true,
  applicantName: true,
  fileReference: true,
  status: true,
  receivedAt: true,
  deadlineAt: true,
  assignee: true,
  verification: true,
  replyChannel: true,
  levelOfAssurance: true,
  paymentStatus: true,
  createdAt: true,
  updatedAt: true,
  version: true,
});

const SUBMISSION_COLUMNS = columns<SubmissionRow>({
  submissionId: true,
  caseId: true,
  destinationId: true,
  platformStatus: true,
  metadata: true,
  data: true,
  dataMimeType: true,
  submissionSchemaUri: true,
  verificationReport: true,
  authenticationTags: true,
  receivedAt: true,
});

const ATTACHMENT_COLUMNS = columns<AttachmentRow>(
  {
    id: true,
    submissionId: true,
    attachmentId: true,
    filename: true,
    mimeType: true,
    purpose: true,
    size: true,
    sha512: true,
  },
  'a',
);

const NOTE_COLUMNS = columns<NoteRow>({ id: true, caseId: true, author: true, text: true, createdAt: true });

/** Patch fields and their columns; the only names that reach the SQL text. */
const PATCH_COLUMNS: Record<keyof CasePatch, string> = {
  status: 'status',
  assignee: 'assignee',
  fileReference: 'file_reference',
  deadlineAt: 'deadline_at',
  paymentStatus: 'payment_status',
};

/** Leaves room under the usual 255-byte limit for the `<uuid>_` prefix that xdomea export puts in front. */
const MAX_FILENAME_BYTES = 200;

/** Read from the index of migration 8 alone (department, identifier, name): no case row is touched. */
export const SERVICE_COUNTS = `SELECT service_identifier AS identifier, MIN(service_name) AS name, COUNT(*) AS count
  FROM cases WHERE department = ? GROUP BY service_identifier ORDER BY name`;

export interface IntakeResult {
  caseId: string;
  /** False when the FIT-Connect case was already known and this submission joined (or updated) it. */
  created: boolean;
}

export class CaseRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores a submission with its case and attachment descriptions in one transaction. A known FIT-Connect
   * case gets the submission added and its intake fields refreshed (workflow fields stay); a known
   * submission is updated in place, so re-running sync after a crash is harmless. Attachment files must
   * already be written with `vault.attachments.write`.
   */
  storeIntake(intake: CaseIntake): IntakeResult {
    const fields = intake.case;
    const submission = intake.submission;
    const verification = oneOf(verificationStates, fields.verification, 'verification');
    const platformStatus = oneOf(platformStatuses, submission.platformStatus, 'platformStatus');
    const receivedAt = isoTime(fields.receivedAt, 'receivedAt');
    const deadlineAt = isoTimeOrNull(fields.deadlineAt, 'deadlineAt');
    const submissionReceivedAt = isoTime(submission.receivedAt, 'submission.receivedAt');
    for (const attachment of intake.attachments) oneOf(attachmentPurposes, attachment.purpose, 'purpose');

    const store = this.db.transaction((): IntakeResult => {
      const now = this.now().toISOString();
      const existing = prepared(this.db, 'SELECT id FROM cases WHERE fit_case_id = ?').get(
        fields.fitCaseId,
      ) as { id: string } | undefined;
      const caseId = existing?.id ?? randomUUID();
      const intakeColumns = {
        id: caseId,
        service_name: fields.serviceName,
        service_identifier: fields.serviceIdentifier,
        applicant_name: fields.applicantName,
        verification,
        reply_channel: jsonOrNull(fields.replyChannel),
        level_of_assurance: fields.levelOfAssurance,
        payment_status: fields.paymentStatus,
        now,
      };
      if (existing) {
        prepared(
          this.db,
          `UPDATE cases SET service_name = @service_name, service_identifier = @service_identifier,
               applicant_name = @applicant_name, verification = @verification, reply_channel = @reply_channel,
               level_of_assurance = @level_of_assurance, payment_status = @payment_status,
               updated_at = @now, version = version + 1
             WHERE id = @id`,
        ).run(intakeColumns);
      } else {
        prepared(
          this.db,
          `INSERT INTO cases (id, fit_case_id, department, destination_id, service_name, service_identifier,
               applicant_name, file_reference, status, received_at, deadline_at, assignee, verification,
               reply_channel, level_of_assurance, payment_status, created_at, updated_at, version)
             VALUES (@id, @fit_case_id, @department, @destination_id, @service_name, @service_identifier,
               @applicant_name, @file_reference, 'new', @received_at, @deadline_at, NULL, @verification,
               @reply_channel, @level_of_assurance, @payment_status, @now, @now, 1)`,
        ).run({
          ...intakeColumns,
          fit_case_id: fields.fitCaseId,
          department: fields.department,
          destination_id: fields.destinationId,
          file_reference: fields.fileReference ?? null,
          received_at: receivedAt,
          deadline_at: deadlineAt,
        });
      }

      const owner = prepared(this.db, 'SELECT case_id FROM submissions WHERE submission_id = ?').get(
        submission.submissionId,
      ) as { case_id: string } | undefined;
      if (owner && owner.case_id !== caseId) {
        throw new VaultError('submission-conflict', { caseId, submissionId: submission.submissionId });
      }
      prepared(
        this.db,
        `INSERT INTO submissions (submission_id, case_id, destination_id, platform_status, metadata, data,
             data_mime_type, submission_schema_uri, verification_report, authentication_tags, received_at)
           VALUES (@submission_id, @case_id, @destination_id, @platform_status, @metadata, @data, @data_mime_type,
             @submission_schema_uri, @verification_report, @authentication_tags, @received_at)
           ON CONFLICT (submission_id) DO UPDATE SET platform_status = excluded.platform_status,
             metadata = excluded.metadata, data = excluded.data, data_mime_type = excluded.data_mime_type,
             submission_schema_uri = excluded.submission_schema_uri,
             verification_report = excluded.verification_report,
             authentication_tags = excluded.authentication_tags`,
      ).run({
        submission_id: submission.submissionId,
        case_id: caseId,
        destination_id: submission.destinationId,
        platform_status: platformStatus,
        metadata: JSON.stringify(submission.metadata),
        data: submission.data,
        data_mime_type: submission.dataMimeType,
        submission_schema_uri: submission.submissionSchemaUri,
        verification_report: JSON.stringify(submission.verificationReport),
        authentication_tags: jsonOrNull(submission.authenticationTags),
        received_at: submissionReceivedAt,
      });
      for (const attachment of intake.attachments) {
        this.storeAttachment(submission.submissionId, attachment);
      }
      refreshFormText(this.db, caseId);
      return { caseId, created: !existing };
    });
    return reportDamageAs({ submissionId: submission.submissionId }, () => store.immediate());
  }

  /** A replaced attachment's old file is left to the sweep at the next open: the caller's transaction may still roll back. */
  private storeAttachment(submissionId: string, attachment: AttachmentIntake): void {
    const file = attachment.file;
    prepared(
      this.db,
      `INSERT INTO attachments (id, submission_id, attachment_id, filename, mime_type, purpose, size, sha512,
         enc_key, nonce, tag, storage_path)
       VALUES (@id, @submission_id, @attachment_id, @filename, @mime_type, @purpose, @size, @sha512,
         @enc_key, @nonce, @tag, @storage_path)
       ON CONFLICT (submission_id, attachment_id) DO UPDATE SET id = excluded.id, filename = excluded.filename,
         mime_type = excluded.mime_type, purpose = excluded.purpose, size = excluded.size,
         sha512 = excluded.sha512, enc_key = excluded.enc_key, nonce = excluded.nonce, tag = excluded.tag,
         storage_path = excluded.storage_path`,
    ).run({
      id: file.id,
      submission_id: submissionId,
      attachment_id: attachment.attachmentId,
      filename: sanitizeFileName(attachment.filename, { maxBytes: MAX_FILENAME_BYTES, fallback: 'Anlage' }),
      mime_type: attachment.mimeType,
      purpose: attachment.purpose,
      size: file.size,
      sha512: file.sha512,
      enc_key: file.key,
      nonce: file.nonce,
      tag: file.tag,
      storage_path: file.storagePath,
    });
  }

  /** The case's own row, without its submissions: all a visibility check or a department lookup needs. */
  row(caseId: string): CaseRow {
    return reportDamageAs({ caseId }, () => {
      const record = prepared(this.db, `SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?`).get(caseId) as
        | CaseRecord
        | undefined;
      if (!record) throw new VaultError('case-not-found', { caseId });
      return toCaseRow(record);
    });
  }

  /** The case with its submissions and attachment descriptions. */
  get(caseId: string): CaseDetail {
    const row = this.row(caseId);
    return reportDamageAs({ caseId, fileReference: row.fileReference }, () => ({
      case: row,
      submissions: (
        prepared(
          this.db,
          `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE case_id = ? ORDER BY received_at, submission_id`,
        ).all(caseId) as SubmissionRecord[]
      ).map(toSubmissionRow),
      attachments: prepared(
        this.db,
        `SELECT ${ATTACHMENT_COLUMNS}
           FROM attachments a JOIN submissions s ON s.submission_id = a.submission_id
           WHERE s.case_id = ? ORDER BY s.received_at, a.attachment_id`,
      ).all(caseId) as AttachmentRow[],
    }));
  }

  /**
   * Applies the workflow's change if the case is still at `expectedVersion`, and returns the new row.
   * Fails with `version-conflict` when someone else changed it first.
   */
  update(caseId: string, expectedVersion: number, patch: CasePatch): CaseRow {
    const values = patchValues(patch);
    if (Object.keys(values).length === 0)
      throw new VaultError('vault-invalid-input', { caseId, detail: 'empty patch' });
    const assignments = Object.keys(values).map((column) => `${column} = @${column}`);
    return reportDamageAs({ caseId }, () => {
      const record = prepared(
        this.db,
        `UPDATE cases SET ${[...assignments, 'updated_at = @now', 'version = version + 1'].join(', ')}
         WHERE id = @case_id AND version = @expected RETURNING ${CASE_COLUMNS}`,
      ).get({ ...values, now: this.now().toISOString(), case_id: caseId, expected: expectedVersion }) as
        | CaseRecord
        | undefined;
      if (record) return toCaseRow(record);
      const exists = prepared(this.db, 'SELECT 1 FROM cases WHERE id = ?').get(caseId);
      throw new VaultError(exists ? 'version-conflict' : 'case-not-found', { caseId });
    });
  }

  /** Sync records what the platform says about a submission, e.g. `gone` after a 404. */
  setPlatformStatus(submissionId: string, status: PlatformStatus): void {
    const result = prepared(
      this.db,
      'UPDATE submissions SET platform_status = ? WHERE submission_id = ?',
    ).run(oneOf(platformStatuses, status, 'platformStatus'), submissionId);
    if (result.changes === 0) throw new VaultError('submission-not-found', { submissionId });
  }

  /** Whether sync already stored a submission, and under which case. */
  findSubmission(submissionId: string): { caseId: string; platformStatus: PlatformStatus } | null {
    const row = reportDamageAs({ submissionId }, () =>
      prepared(
        this.db,
        'SELECT case_id AS caseId, platform_status AS platformStatus FROM submissions WHERE submission_id = ?',
      ).get(submissionId),
    ) as { caseId: string; platformStatus: PlatformStatus } | undefined;
    return row ?? null;
  }

  addNote(caseId: string, author: string, text: string): NoteRow {
    const note: NoteRow = { id: randomUUID(), caseId, author, text, createdAt: this.now().toISOString() };
    const add = this.db.transaction(() => {
      if (!prepared(this.db, 'SELECT 1 FROM cases WHERE id = ?').get(caseId)) {
        throw new VaultError('case-not-found', { caseId });
      }
      prepared(
        this.db,
        'INSERT INTO notes (id, case_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(note.id, caseId, author, text, note.createdAt);
      return note;
    });
    return reportDamageAs({ caseId }, () => add.immediate());
  }

  notes(caseId: string): NoteRow[] {
    return reportDamageAs(
      { caseId },
      () =>
        prepared(this.db, `SELECT ${NOTE_COLUMNS} FROM notes WHERE case_id = ? ORDER BY created_at, id`).all(
          caseId,
        ) as NoteRow[],
    );
  }

  /** The services the department has cases of, for the inbox's service filter. */
  services(department: string): { identifier: string; name: string; count: number }[] {
    return reportDamageAs(
      {},
      () =>
        prepared(this.db, SERVICE_COUNTS).all(department) as {
          identifier: string;
          name: string;
          count: number;
        }[],
    );
  }

  /** Everyone a case of the department was ever assigned to. */
  assignees(department: string): string[] {
    return reportDamageAs({}, () =>
      (
        prepared(
          this.db,
          'SELECT DISTINCT assignee FROM cases WHERE department = ? AND assignee IS NOT NULL ORDER BY assignee',
        ).all(department) as { assignee: string }[]
      ).map((row) => row.assignee),
    );
  }

  /** The inbox: filter, full-text search, sort and page. */
  list(query: CaseQuery): CaseList {
    return reportDamageAs({}, () => listCases(this.db, query));
  }
}

/** The patch's values by column, checked (the PostgreSQL store's columns have the same names). */
export function patchValues(patch: CasePatch): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const [field, column] of Object.entries(PATCH_COLUMNS) as [keyof CasePatch, string][]) {
    const value = patch[field];
    if (value === undefined) continue;
    if (field === 'status') values[column] = oneOf(caseStatuses, value ?? '', 'status');
    else if (field === 'deadlineAt') values[column] = isoTimeOrNull(value, 'deadlineAt');
    else values[column] = value;
  }
  return values;
}

export function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function toCaseRow(r: CaseRecord): CaseRow {
  return { ...r, replyChannel: r.replyChannel === null ? null : (JSON.parse(r.replyChannel) as JsonObject) };
}

function toSubmissionRow(r: SubmissionRecord): SubmissionRow {
  return {
    ...r,
    metadata: JSON.parse(r.metadata) as JsonObject,
    verificationReport: JSON.parse(r.verificationReport) as SubmissionRow['verificationReport'],
    authenticationTags:
      r.authenticationTags === null
        ? null
        : (JSON.parse(r.authenticationTags) as SubmissionRow['authenticationTags']),
  };
}
