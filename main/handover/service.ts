/**
 * Hand-over as the app runs it: the case from the vault, the mapping for its service, the adapter the
 * department profile names, and the outbox handler that delivers it with retries. The preview and the
 * delivery share `dryRun`, so the case worker sees exactly the record that will be sent.
 */

import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../shared/audit/types';
import type { AuditStore } from '../audit/log';
import type { SecretStore } from '../auth/secret-store';
import { diskFileSystem } from '../files/fs';
import { openWhenRead } from '../files/lazy-stream';
import { clientCredentialsTokens } from '../fitconnect/sender/tokens';
import type { Outbox } from '../outbox';
import { describeFailure, handlerResultOf } from '../outbox/attempt';
import type { HandlerResult, OutboxDelivery } from '../outbox/types';
import type { StoredDepartmentProfile } from '../profile/types';
import type { CaseDetail, JsonObject } from '../vault';
import type { Transactional } from '../vault/async';
import type { AttachmentFiles, CaseStore, ReceiptStore } from '../vault/store-types';
import type { HandoverAdapter } from './adapters/adapter';
import { createFitConnectForwardAdapter } from './adapters/fit-connect';
import { createHotFolderAdapter } from './adapters/hot-folder';
import { createHttpAdapter } from './adapters/http';
import { HandoverError } from './errors';
import { dryRun, handOver } from './handover';
import type { Mapping } from './mapping/model';
import type { HandoverCase, PreparedRecord } from './types';

/** What hand-over reads and writes of the store. */
export type HandoverStore = Transactional<{ cases: CaseStore; receipts: ReceiptStore; audit: AuditStore }> & {
  cases: CaseStore;
  receipts: ReceiptStore;
  attachments: AttachmentFiles;
};

export interface HandoverServiceOptions {
  store: HandoverStore;
  secretStore: SecretStore;
  mappings: ReadonlyMap<string, Mapping>;
  /** The profile of the department that owns a case. */
  profileFor(department: string): StoredDepartmentProfile;
  /** Keeps a FIT-Connect submission with its outbox item, so a retry after a crash asks about that one. */
  outbox: Pick<Outbox, 'recordProgress'>;
}

const forwardedSubmission = z.object({
  destinationId: z.string().min(1),
  submissionId: z.string().min(1),
  caseId: z.string().min(1),
});
export class HandoverService {
  constructor(private readonly options: HandoverServiceOptions) {}

  /** The mapped record for the case view, before anything is sent. */
  async preview(caseId: string): Promise<PreparedRecord> {
    const detail = await this.options.store.cases.get(caseId);
    return dryRun(this.handoverCase(detail), this.mappingFor(detail));
  }

  /** The outbox handler for `handover` items. */
  readonly deliver = async (item: OutboxDelivery<'handover'>): Promise<HandlerResult> => {
    const { caseId } = item.payload;
    // A crash after the receipt was stored but before the outbox heard of it: the hand-over is done, and
    // a FIT-Connect forward must not become a second submission.
    const { store } = this.options;
    const known = await store.receipts.forItem(item.id);
    if (known) return { kind: 'delivered', receipt: known.receipt, repeat: true };
    const detail = await store.cases.get(caseId);
    let adapter: HandoverAdapter;
    let mapping: Mapping;
    try {
      mapping = this.mappingFor(detail);
      adapter = await this.adapterFor(detail.case.department);
    } catch (error) {
      if (error instanceof HandoverError) return { kind: 'permanent', error: describeFailure(error) };
      throw error;
    }
    try {
      const earlier = forwardedSubmission.safeParse(item.receipt);
      const outcome = await handOver(this.handoverCase(detail), mapping, adapter, {
        idempotencyKey: item.idempotencyKey,
        earlier: earlier.success ? earlier.data : null,
        record: (submission) => this.options.outbox.recordProgress(item.id, { ...submission }),
      });
      // The receipt belongs to the case: it stays when the case's data is purged after its retention.
      await store.transaction(async (tx) => {
        if (outcome.kind === 'delivered') {
          await tx.receipts.record({
            caseId,
            kind: 'handover',
            outboxItemId: item.id,
            receipt: { ...outcome.receipt, repeat: outcome.repeat } as JsonObject,
          });
          // The case says "übergeben" only once the Fachverfahren has it; a case moved on meanwhile (a
          // Bescheid sent) keeps its later status.
          const current = await tx.cases.row(caseId);
          if (current.status === 'accepted')
            await tx.cases.update(caseId, current.version, { status: 'handed_over' });
        }
        await tx.audit.append({
          actor: SYSTEM_ACTOR,
          department: detail.case.department,
          caseId,
          action: 'case.handover.delivery',
          outcome: outcome.kind === 'delivered' ? 'success' : 'failure',
          details: {
            adapter: adapter.kind,
            result: outcome.kind,
            ...(outcome.kind === 'delivered' ? {} : { code: outcome.error.code }),
          },
        });
      });
      return handlerResultOf(outcome);
    } finally {
      await adapter.close();
    }
  };

  private mappingFor(detail: CaseDetail): Mapping {
    const mapping = this.options.mappings.get(detail.case.serviceIdentifier);
    if (!mapping) {
      throw new HandoverError('mapping-invalid', {
        caseId: detail.case.id,
        detail: 'no field mapping for this service',
      });
    }
    return mapping;
  }

  private async adapterFor(department: string): Promise<HandoverAdapter> {
    const profile = this.options.profileFor(department);
    const target = profile.handover;
    switch (target.kind) {
      case 'hotFolder':
        return createHotFolderAdapter({ folder: target.path, fs: diskFileSystem(target.readerGroup) });
      case 'http': {
        const token = target.tokenSecret ? await this.options.secretStore.get(target.tokenSecret) : null;
        return createHttpAdapter({ url: target.url, ...(token && { bearerToken: token }) });
      }
      case 'fitconnect': {
        const clientSecret = await this.options.secretStore.get(target.clientSecretName);
        if (clientSecret === null) {
          throw new HandoverError('target-invalid', { detail: 'sender client secret missing' });
        }
        const tokens = clientCredentialsTokens({
          tokenUrl: profile.fitConnect.tokenUrl,
          clientId: target.clientId,
          clientSecret,
        });
        const adapter = createFitConnectForwardAdapter({
          url: profile.fitConnect.submissionApiUrl,
          apiPrefix: profile.fitConnect.versionPrefix,
          destinationId: target.destinationId,
          tokens,
        });
        return {
          ...adapter,
          close: () => Promise.all([adapter.close(), tokens.close()]).then(() => undefined),
        };
      }
    }
  }

  /** The case's first submission (the application itself) with its attachments, read from the vault. */
  private handoverCase(detail: CaseDetail): HandoverCase {
    const submission = detail.submissions[0];
    if (!submission) throw new HandoverError('data-unreadable', { caseId: detail.case.id });
    const { attachments } = this.options.store;
    return {
      caseId: detail.case.id,
      fileReference: detail.case.fileReference,
      serviceIdentifier: detail.case.serviceIdentifier,
      serviceName: detail.case.serviceName,
      receivedAt: detail.case.receivedAt,
      submissionId: submission.submissionId,
      fitCaseId: detail.case.fitCaseId,
      data: submission.data,
      dataMimeType: submission.dataMimeType,
      metadata: submission.metadata,
      attachments: detail.attachments
        .filter((attachment) => attachment.submissionId === submission.submissionId)
        .map((attachment) => ({
          attachmentId: attachment.attachmentId,
          filename: attachment.filename,
          mimeType: attachment.mimeType,
          size: attachment.size,
          sha512: attachment.sha512,
          purpose: attachment.purpose,
          open: () => openWhenRead(() => attachments.openAttachmentStream(attachment.id)),
        })),
    };
  }
}
