/**
 * Archiving as the app runs it: the outbox handler for `archive` items builds the xdomea 0605 package of a
 * case from the vault and writes it atomically into the department's DMS import folder, or stages it in the
 * profile and uploads it. The case becomes `archived` only when the DMS has the package (the file is in the
 * import folder, or the upload was accepted), together with its receipt and an audit entry: an auditor
 * reading "archiviert" can rely on it. The retention purge lives here too: after a confirmed archive the
 * local data may go, and a stub remains.
 */
import { mkdir, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { SYSTEM_ACTOR } from '../../shared/audit/types';
import type { AuditLog } from '../audit';
import type { SecretStore } from '../auth/secret-store';
import { lastArchivedAt } from '../desk/receipt-views';
import { FileError } from '../files/errors';
import { diskFileSystem, type FileSystem } from '../files/fs';
import { openWhenRead } from '../files/lazy-stream';
import { deliveriesOfCase, noticesOfCase, readNoticePdf } from '../notices/service/store';
import { type AttemptOutcome, type CodedFailure, handlerResultOf } from '../outbox/attempt';
import type { HandlerResult, OutboxItem } from '../outbox/types';
import type { StoredDepartmentProfile } from '../profile/types';
import type { CaseDetail, JsonObject, Vault } from '../vault';
import { archiveCaseOf, type CaseSource, type SealedNotice } from './case-source';
import { ArchiveError } from './errors';
import type { ArchiveSettings } from './model';
import { type ArchiveReceipt, packageCase } from './package';
import { uploadArchive } from './upload';

export interface ArchiveServiceOptions {
  vault: Vault;
  audit: AuditLog;
  secretStore: SecretStore;
  /** The profile of the department that owns a case. */
  profileFor(department: string): StoredDepartmentProfile;
  /** Every imported department profile, for the retention timer. */
  profiles(): StoredDepartmentProfile[];
  /** The Antragsübersicht of the case as PDF/A (the same one the case view prints). */
  summaryPdf(detail: CaseDetail): Promise<Uint8Array>;
  appVersion: string;
  /** An owner-only folder in the profile where a package for an HTTP upload waits during one attempt. */
  stagingDir: string;
  /** The file system packages are written through; tests inject a failing one. */
  fs?: FileSystem;
  now(): Date;
}

export interface ArchivePayload {
  caseId: string;
}

/** What one delivery attempt came to. */
type Attempt = AttemptOutcome<JsonObject, CodedFailure>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Statuses the workflow archives from (see main/cases/workflow.ts). */
const ARCHIVABLE = new Set(['notice_sent', 'rejected']);

export class ArchiveService {
  constructor(private readonly options: ArchiveServiceOptions) {}

  /** The outbox handler for `archive` items. */
  readonly deliver = async (item: OutboxItem): Promise<HandlerResult> => {
    const { vault } = this.options;
    const { caseId } = item.payload as unknown as ArchivePayload;
    // A crash after the receipt was stored but before the outbox heard of it: the archive is done.
    const known = vault.receipts.forItem(item.id);
    if (known) return { kind: 'delivered', receipt: known.receipt, repeat: true };
    const detail = vault.cases.get(caseId);
    const attempt = await this.attempt(item, detail);
    this.record(item, detail, attempt);
    return handlerResultOf(attempt);
  };

  /**
   * Deletes the local data of every case whose retention after a confirmed archive has passed, in the
   * departments given (default: all with a retention setting). One failing case does not stop the rest.
   */
  async purgeDue(
    actor: string,
    departments?: readonly string[],
  ): Promise<{ purged: number; failed: number }> {
    let purged = 0;
    let failed = 0;
    for (const profile of this.options.profiles()) {
      const department = profile.department.id;
      if (!profile.retention || (departments && !departments.includes(department))) continue;
      const cutoff = new Date(this.options.now().getTime() - profile.retention.purgeAfterDays * DAY_MS);
      for (const caseId of this.options.vault.receipts.dueForPurge(department, cutoff.toISOString())) {
        try {
          await this.purge(caseId, actor);
          purged++;
        } catch (error) {
          failed++;
          this.options.audit.append({
            actor,
            department,
            caseId,
            action: 'case.purge',
            outcome: 'failure',
            details: { error: error instanceof Error ? error.name : 'unknown' },
          });
        }
      }
    }
    return { purged, failed };
  }

  /** Deletes one case's data, keeping the stub, the receipts and the audit chain; audited. */
  async purge(caseId: string, actor: string): Promise<void> {
    const { vault, audit } = this.options;
    const { storagePaths } = vault.transaction((tx) => {
      const { case: row } = vault.cases.get(caseId);
      const result = vault.receipts.purge(tx, caseId, actor);
      audit.append({
        actor,
        department: row.department,
        caseId,
        action: 'case.purge',
        outcome: 'success',
        details: {
          attachments: result.storagePaths.length,
          archivedAt: lastArchivedAt(vault.receipts.ofCase(caseId)),
        },
      });
      return result;
    });
    // The rows are gone and committed; the encrypted files follow (the sweep at the next start would too).
    await vault.attachments.deleteFiles(storagePaths);
  }

  private async attempt(item: OutboxItem, detail: CaseDetail): Promise<Attempt> {
    const caseId = detail.case.id;
    if (this.options.vault.receipts.purgeOf(caseId))
      return failure('permanent', new ArchiveError('case-purged', { caseId }));
    const profile = this.options.profileFor(detail.case.department);
    const target = profile.archive;
    if (target.kind === 'fitconnect') {
      return failure('permanent', new ArchiveError('target-invalid', { caseId }));
    }
    try {
      const archiveCase = archiveCaseOf(await this.source(detail));
      const settings = archiveSettings(profile, this.options.appVersion);
      // The outbox item's id names the package: every attempt writes (and uploads) the same ProzessID.
      const packageOptions = {
        settings,
        processId: item.id,
        auditHead: this.options.vault.auditHead(),
        ...(this.options.fs && { fs: this.options.fs }),
      };
      if (target.kind === 'hotFolder') {
        const receipt = await packageCase(archiveCase, {
          ...packageOptions,
          importDir: target.path,
          fs: this.options.fs ?? diskFileSystem(target.readerGroup),
        });
        return { kind: 'delivered', receipt: receiptJson(receipt, 'hot-folder'), repeat: false };
      }
      await mkdir(this.options.stagingDir, { recursive: true, mode: 0o700 });
      const receipt = await packageCase(archiveCase, {
        ...packageOptions,
        importDir: this.options.stagingDir,
      });
      try {
        const token = target.tokenSecret ? await this.options.secretStore.get(target.tokenSecret) : null;
        const upload = await uploadArchive(receipt, { url: target.url, token: token ?? '' });
        if (upload.kind !== 'delivered') return failure(upload.kind, upload.error);
        return {
          kind: 'delivered',
          receipt: { ...receiptJson(receipt, 'http'), status: upload.status, responseId: upload.responseId },
          repeat: false,
        };
      } finally {
        // The package holds the case in plain form: it is not kept between attempts.
        await rm(receipt.zipPath, { force: true });
      }
    } catch (error) {
      return classify(error, caseId);
    }
  }

  /** On delivery: receipt, status `archived` and audit entry in one transaction; on failure the audit entry. */
  private record(item: OutboxItem, detail: CaseDetail, attempt: Attempt): void {
    const { vault, audit } = this.options;
    const caseId = detail.case.id;
    vault.transaction((tx) => {
      if (attempt.kind === 'delivered') {
        vault.receipts.record(tx, {
          caseId,
          kind: 'archive',
          outboxItemId: item.id,
          receipt: attempt.receipt,
        });
        const current = vault.cases.row(caseId);
        if (ARCHIVABLE.has(current.status))
          vault.cases.update(caseId, current.version, { status: 'archived' });
      }
      audit.append({
        actor: SYSTEM_ACTOR,
        department: detail.case.department,
        caseId,
        action: 'case.archiveDelivery',
        outcome: attempt.kind === 'delivered' ? 'success' : 'failure',
        details:
          attempt.kind === 'delivered'
            ? {
                result: 'delivered',
                processId: String(attempt.receipt.processId),
                target: String(attempt.receipt.target),
              }
            : { result: attempt.kind, code: attempt.error.code },
      });
    });
  }

  private async source(detail: CaseDetail): Promise<CaseSource> {
    const { vault } = this.options;
    const caseId = detail.case.id;
    const notices = vault.transaction((tx): SealedNotice[] => {
      const deliveries = deliveriesOfCase(tx, caseId);
      return noticesOfCase(tx, caseId).map((record) => {
        const pdf = readNoticePdf(tx, record.id);
        if (pdf === undefined) throw new ArchiveError('document-unreadable', { caseId });
        const sent = deliveries
          .filter((d) => d.noticeId === record.id && (d.state === 'delivered' || d.state === 'posted'))
          .map((d) => d.updatedAt)
          .sort()[0];
        return { record, pdf, ...(sent === undefined ? {} : { sentAt: new Date(sent) }) };
      });
    });
    return {
      detail,
      summaryPdf: await this.options.summaryPdf(detail),
      notices,
      openAttachment: (id) => Readable.from(openWhenRead(() => vault.attachments.openAttachmentStream(id))),
    };
  }
}

/** The parties of the message: the department files into its own authority's DMS on its own behalf. */
function archiveSettings(profile: StoredDepartmentProfile, appVersion: string): ArchiveSettings {
  const { department } = profile;
  return {
    sender: { name: department.authorityName, unit: department.name },
    recipient: { name: department.authorityName },
    creatorId: department.id,
    appVersion,
  };
}

/**
 * What stays on the case: the package's name, ProzessID and hashes. Document names are left out (they may
 * carry the applicant's name and the stub outlives the data); the Dokument ids identify them in the DMS.
 */
function receiptJson(receipt: ArchiveReceipt, target: 'hot-folder' | 'http'): JsonObject {
  return {
    target,
    fileName: basename(receipt.zipPath),
    processId: receipt.processId,
    sha256: receipt.sha256,
    bytes: receipt.bytes,
    files: receipt.files.map((file) => ({
      kind: file.kind,
      ...(file.documentId === undefined ? {} : { documentId: file.documentId }),
      sha256: file.sha256,
      bytes: file.bytes,
    })),
  };
}

function failure(kind: 'retry' | 'permanent', error: CodedFailure): Attempt {
  return { kind, error: { code: error.code, message: error.message } };
}

/**
 * A folder that is offline or full, an unreadable stored file: they may recover, so the outbox retries.
 * An incomplete case, a document that changed, a refused name: permanent, a person must look.
 */
function classify(error: unknown, caseId: string): Attempt {
  if (error instanceof FileError)
    return failure(error.code === 'invalid-name' ? 'permanent' : 'retry', error);
  if (error instanceof ArchiveError) {
    return failure(error.code === 'document-unreadable' ? 'retry' : 'permanent', error);
  }
  // Unknown errors may quote paths or content: only the code is kept.
  return failure('retry', new ArchiveError('archive-failed', { caseId }));
}
