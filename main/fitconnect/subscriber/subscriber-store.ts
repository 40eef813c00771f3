import type { AuditStore } from '../../audit/log';
import type { Transactional } from '../../vault/async';
import type { AttachmentFiles, CaseStore, SyncStateStore } from '../../vault/store-types';

interface SubscriberRecords {
  cases: CaseStore;
  syncState: SyncStateStore;
  audit: AuditStore;
}

/** What sync and the event handler read and write of the store. */
export type SubscriberStore = SubscriberRecords &
  Transactional<SubscriberRecords> & { attachments: Pick<AttachmentFiles, 'write'> };
