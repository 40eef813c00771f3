/**
 * The case repository on PostgreSQL: the vault's `CaseRepository` (vault/cases.ts) statement for statement,
 * within one department's transaction. Row security hides other departments' rows; the checks here refuse
 * a call for another department before it reaches the database.
 */
import { randomUUID } from 'node:crypto';
import {
  type AttachmentIntake,
  type AttachmentRow,
  attachmentPurposes,
  type CaseDetail,
  type CaseIntake,
  type CasePatch,
  type CaseRow,
  type NoteRow,
  type PlatformStatus,
  platformStatuses,
  type SubmissionRow,
  verificationStates,
} from '../../shared/cases/types';
import { sanitizeFileName } from '../../shared/files/file-names';
import { type IntakeResult, jsonOrNull, patchValues } from '../vault/cases';
import { VaultError } from '../vault/errors';
import { flattenFormData } from '../vault/form-text';
import { isoTime, isoTimeOrNull, oneOf } from '../vault/sql';
import type { CaseStore, NoteStore } from '../vault/store-types';
import { PostgresStoreError } from './errors';
import { listCases } from './search';
import { type DepartmentTransaction, iso } from './sql';

const CASE_COLUMNS = `id, fit_case_id AS "fitCaseId", department, destination_id AS "destinationId",
  service_name AS "serviceName", service_identifier AS "serviceIdentifier", applicant_name AS "applicantName",
  file_reference AS "fileReference", status, ${iso('received_at')} AS "receivedAt",
  ${iso('deadline_at')} AS "deadlineAt", assignee, verification, reply_channel AS "replyChannel",
  level_of_assurance AS "levelOfAssurance", payment_status AS "paymentStatus",
  ${iso('created_at')} AS "createdAt", ${iso('updated_at')} AS "updatedAt", version`;

const SUBMISSION_COLUMNS = `submission_id AS "submissionId", case_id AS "caseId",
  destination_id AS "destinationId", platform_status AS "platformStatus", metadata, data,
  data_mime_type AS "dataMimeType", submission_schema_uri AS "submissionSchemaUri",
  verification_report AS "verificationReport", authentication_tags AS "authenticationTags",
  ${iso('received_at')} AS "receivedAt"`;

const ATTACHMENT_COLUMNS = `a.id, a.submission_id AS "submissionId", a.attachment_id AS "attachmentId",
  a.filename, a.mime_type AS "mimeType", a.purpose, a.size::float8 AS size, a.sha512`;

const NOTE_COLUMNS = `id, case_id AS "caseId", author, text, ${iso('created_at')} AS "createdAt"`;

/** As the vault: room under the usual 255-byte limit for the `<uuid>_` prefix of xdomea export. */
const MAX_FILENAME_BYTES = 200;

/** A second case with a department's Aktenzeichen, refused by the constraint of migration 1. */
function referenceTaken(error: unknown, caseId?: string): unknown {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'cases_file_reference'
    ? new PostgresStoreError('file-reference-taken', caseId && `case ${caseId}`, { cause: error })
    : error;
}

/** Refuses work for another department than the transaction's (row security would hide it anyway). */
export function sameDepartment(tx: DepartmentTransaction, department: string): void {
  if (department !== tx.department) throw new PostgresStoreError('department-mismatch');
}

export type PostgresCases = CaseStore & NoteStore;

export function postgresCases(tx: DepartmentTransaction, now: () => Date): PostgresCases {
  const { db } = tx;

  async function row(caseId: string): Promise<CaseRow> {
    const result = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [caseId]);
    const found = result.rows[0];
    if (!found) throw new VaultError('case-not-found', { caseId });
    return found;
  }

  async function exists(caseId: string): Promise<boolean> {
    return (await db.query('SELECT 1 FROM cases WHERE id = $1', [caseId])).rowCount !== 0;
  }

  async function storeAttachment(submissionId: string, attachment: AttachmentIntake): Promise<void> {
    const file = attachment.file;
    await db.query(
      `INSERT INTO attachments (id, department, submission_id, attachment_id, filename, mime_type, purpose,
         size, sha512, enc_key, nonce, tag, storage_path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (submission_id, attachment_id) DO UPDATE SET id = excluded.id, filename = excluded.filename,
         mime_type = excluded.mime_type, purpose = excluded.purpose, size = excluded.size,
         sha512 = excluded.sha512, enc_key = excluded.enc_key, nonce = excluded.nonce, tag = excluded.tag,
         storage_path = excluded.storage_path`,
      [
        file.id,
        tx.department,
        submissionId,
        attachment.attachmentId,
        sanitizeFileName(attachment.filename, { maxBytes: MAX_FILENAME_BYTES, fallback: 'Anlage' }),
        attachment.mimeType,
        attachment.purpose,
        file.size,
        file.sha512,
        file.key,
        file.nonce,
        file.tag,
        file.storagePath,
      ],
    );
  }

  /** The form text of the search vector, from every submission of the case. */
  async function refreshFormText(caseId: string): Promise<void> {
    const submissions = await db.query<{ data: string; mimeType: string }>(
      `SELECT data, data_mime_type AS "mimeType" FROM submissions WHERE case_id = $1
       ORDER BY received_at, submission_id`,
      [caseId],
    );
    const text = submissions.rows.map((s) => flattenFormData(s.data, s.mimeType)).join('\n');
    await db.query('UPDATE cases SET form_text = $1 WHERE id = $2', [text, caseId]);
  }

  return {
    storeIntake: (intake: CaseIntake) => {
      const fields = intake.case;
      const submission = intake.submission;
      sameDepartment(tx, fields.department);
      const verification = oneOf(verificationStates, fields.verification, 'verification');
      const platformStatus = oneOf(platformStatuses, submission.platformStatus, 'platformStatus');
      const receivedAt = isoTime(fields.receivedAt, 'receivedAt');
      const deadlineAt = isoTimeOrNull(fields.deadlineAt, 'deadlineAt');
      const submissionReceivedAt = isoTime(submission.receivedAt, 'submission.receivedAt');
      for (const attachment of intake.attachments) oneOf(attachmentPurposes, attachment.purpose, 'purpose');

      const stored = tx.nested(async (): Promise<IntakeResult> => {
        const at = now().toISOString();
        const existing = await db.query<{ id: string }>(
          'SELECT id FROM cases WHERE fit_case_id = $1 FOR UPDATE',
          [fields.fitCaseId],
        );
        const known = existing.rows[0]?.id;
        const caseId = known ?? randomUUID();
        const intakeValues = [
          caseId,
          fields.serviceName,
          fields.serviceIdentifier,
          fields.applicantName,
          verification,
          jsonOrNull(fields.replyChannel),
          fields.levelOfAssurance,
          fields.paymentStatus,
          at,
        ];
        if (known) {
          await db.query(
            `UPDATE cases SET service_name = $2, service_identifier = $3, applicant_name = $4,
               verification = $5, reply_channel = $6, level_of_assurance = $7, payment_status = $8,
               updated_at = $9, version = version + 1
             WHERE id = $1`,
            intakeValues,
          );
        } else {
          await db.query(
            `INSERT INTO cases (id, service_name, service_identifier, applicant_name, verification,
                 reply_channel, level_of_assurance, payment_status, created_at, updated_at, fit_case_id,
                 department, destination_id, file_reference, status, received_at, deadline_at, version)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, 'new', $14, $15, 1)`,
            [
              ...intakeValues,
              fields.fitCaseId,
              fields.department,
              fields.destinationId,
              fields.fileReference ?? null,
              receivedAt,
              deadlineAt,
            ],
          );
        }

        const owner = await db.query<{ case_id: string }>(
          'SELECT case_id FROM submissions WHERE submission_id = $1',
          [submission.submissionId],
        );
        const ownerId = owner.rows[0]?.case_id;
        if (ownerId !== undefined && ownerId !== caseId) {
          throw new VaultError('submission-conflict', { caseId, submissionId: submission.submissionId });
        }
        await db.query(
          `INSERT INTO submissions (submission_id, department, case_id, destination_id, platform_status,
               metadata, data, data_mime_type, submission_schema_uri, verification_report, authentication_tags,
               received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (submission_id) DO UPDATE SET platform_status = excluded.platform_status,
               metadata = excluded.metadata, data = excluded.data, data_mime_type = excluded.data_mime_type,
               submission_schema_uri = excluded.submission_schema_uri,
               verification_report = excluded.verification_report,
               authentication_tags = excluded.authentication_tags`,
          [
            submission.submissionId,
            tx.department,
            caseId,
            submission.destinationId,
            platformStatus,
            JSON.stringify(submission.metadata),
            submission.data,
            submission.dataMimeType,
            submission.submissionSchemaUri,
            JSON.stringify(submission.verificationReport),
            jsonOrNull(submission.authenticationTags),
            submissionReceivedAt,
          ],
        );
        for (const attachment of intake.attachments)
          await storeAttachment(submission.submissionId, attachment);
        await refreshFormText(caseId);
        return { caseId, created: !known };
      });
      return stored.catch((error) => Promise.reject(referenceTaken(error)));
    },

    row,

    async get(caseId: string): Promise<CaseDetail> {
      const found = await row(caseId);
      const submissions = await db.query<SubmissionRow>(
        `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE case_id = $1 ORDER BY received_at, submission_id`,
        [caseId],
      );
      const attachments = await db.query<AttachmentRow>(
        `SELECT ${ATTACHMENT_COLUMNS}
           FROM attachments a JOIN submissions s ON s.submission_id = a.submission_id
           WHERE s.case_id = $1 ORDER BY s.received_at, a.attachment_id`,
        [caseId],
      );
      return { case: found, submissions: submissions.rows, attachments: attachments.rows };
    },

    async update(caseId: string, expectedVersion: number, patch: CasePatch): Promise<CaseRow> {
      const values = patchValues(patch);
      const columns = Object.keys(values);
      if (columns.length === 0)
        throw new VaultError('vault-invalid-input', { caseId, detail: 'empty patch' });
      const assignments = columns.map((column, index) => `${column} = $${index + 4}`);
      const result = await tx
        .nested(() =>
          db.query<CaseRow>(
            `UPDATE cases SET ${[...assignments, 'updated_at = $3', 'version = version + 1'].join(', ')}
             WHERE id = $1 AND version = $2 RETURNING ${CASE_COLUMNS}`,
            [caseId, expectedVersion, now().toISOString(), ...Object.values(values)],
          ),
        )
        .catch((error) => Promise.reject(referenceTaken(error, caseId)));
      const updated = result.rows[0];
      if (updated) return updated;
      throw new VaultError((await exists(caseId)) ? 'version-conflict' : 'case-not-found', { caseId });
    },

    async setPlatformStatus(submissionId: string, status: PlatformStatus): Promise<void> {
      const result = await db.query('UPDATE submissions SET platform_status = $1 WHERE submission_id = $2', [
        oneOf(platformStatuses, status, 'platformStatus'),
        submissionId,
      ]);
      if (result.rowCount === 0) throw new VaultError('submission-not-found', { submissionId });
    },

    async findSubmission(submissionId: string) {
      const result = await db.query<{ caseId: string; platformStatus: PlatformStatus }>(
        'SELECT case_id AS "caseId", platform_status AS "platformStatus" FROM submissions WHERE submission_id = $1',
        [submissionId],
      );
      return result.rows[0] ?? null;
    },

    async services(department: string) {
      sameDepartment(tx, department);
      const result = await db.query<{ identifier: string; name: string; count: number }>(
        `SELECT service_identifier AS identifier, min(service_name) AS name, count(*)::int AS count
           FROM cases WHERE department = $1 GROUP BY service_identifier ORDER BY min(service_name) COLLATE "C"`,
        [department],
      );
      return result.rows;
    },

    async assignees(department: string) {
      sameDepartment(tx, department);
      const result = await db.query<{ assignee: string }>(
        `SELECT assignee FROM cases WHERE department = $1 AND assignee IS NOT NULL
           GROUP BY assignee ORDER BY assignee COLLATE "C"`,
        [department],
      );
      return result.rows.map((r) => r.assignee);
    },

    list: (query) => {
      sameDepartment(tx, query.department);
      return listCases(db, query);
    },

    addNote: (caseId: string, author: string, text: string) =>
      tx.nested(async (): Promise<NoteRow> => {
        const note: NoteRow = { id: randomUUID(), caseId, author, text, createdAt: now().toISOString() };
        if (!(await exists(caseId))) throw new VaultError('case-not-found', { caseId });
        await db.query(
          'INSERT INTO notes (id, department, case_id, author, text, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [note.id, tx.department, caseId, author, text, note.createdAt],
        );
        return note;
      }),

    async notes(caseId: string) {
      const result = await db.query<NoteRow>(
        `SELECT ${NOTE_COLUMNS} FROM notes WHERE case_id = $1 ORDER BY created_at, seq`,
        [caseId],
      );
      return result.rows;
    },
  };
}
