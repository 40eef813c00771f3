/**
 * The store interfaces of the records the vault's data model describes (see main/store for the whole
 * store). Each is the vault repository's shape with every method answering a promise.
 */

import type { Async } from './async';
import type { AttachmentStore } from './attachments';
import type { CaseRepository } from './cases';
import type { FileReferenceSequences } from './file-references';
import type { ReceiptRepository } from './receipts';
import type { SyncStateRepository } from './sync-state';
import type { PreferenceStore } from './workstation';

/** Cases with their submissions and attachment descriptions. */
export type CaseStore = Async<
  Pick<
    CaseRepository,
    | 'storeIntake'
    | 'row'
    | 'get'
    | 'update'
    | 'setPlatformStatus'
    | 'findSubmission'
    | 'services'
    | 'assignees'
    | 'list'
  >
>;
export type NoteStore = Async<Pick<CaseRepository, 'addNote' | 'notes'>>;

/** Delivery receipts of cases and the purge of a case's data after its retention. */
export type ReceiptStore = Async<ReceiptMethods>;
export interface ReceiptMethods {
  /** Stores the receipt of a delivery once; a repeated delivery of the same item returns the first. */
  record(input: Parameters<ReceiptRepository['record']>[1]): ReturnType<ReceiptRepository['record']>;
  forItem: ReceiptRepository['forItem'];
  ofCase: ReceiptRepository['ofCase'];
  purgeOf: ReceiptRepository['purgeOf'];
  dueForPurge: ReceiptRepository['dueForPurge'];
  /** Deletes the case's data and records the purge; the attachment files are the caller's to delete after. */
  purge(caseId: string, purgedBy: string): ReturnType<ReceiptRepository['purge']>;
}

export type SyncStateStore = Async<Pick<SyncStateRepository, 'get' | 'set'>>;
export type FileReferenceStore = Async<Pick<FileReferenceSequences, 'next'>>;
export type PreferencesStore = Async<PreferenceStore>;
export type AttachmentFiles = Pick<
  AttachmentStore,
  'write' | 'readAttachment' | 'openAttachmentStream' | 'deleteFiles'
>;
