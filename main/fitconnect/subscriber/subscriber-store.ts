import type { AuditStore } from '../../audit/log';
import type { OutboxStore } from '../../outbox/store';
import type { Transactional } from '../../vault/async';
import type { AttachmentFiles, CaseStore, SyncStateStore } from '../../vault/store-types';

export interface SubscriberRecords {
  cases: CaseStore;
  syncState: SyncStateStore;
  audit: AuditStore;
  /** The technical receipt or rejection is queued with the intake. */
  outbox: OutboxStore;
}

/** What sync and the event handler read and write of the store. */
export type SubscriberStore = SubscriberRecords &
  Transactional<SubscriberRecords> & { attachments: Pick<AttachmentFiles, 'write'> };
