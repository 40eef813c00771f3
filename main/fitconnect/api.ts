/** FIT-Connect's slice of the API: sync with the delivery service, and the verification report it keeps. */
import { call, event, none } from '../../shared/api/call';

export interface SyncProgress {
  phase: 'listing' | 'fetching' | 'done' | 'failed';
  done: number;
  total: number;
  bytes: number;
}

export interface VerificationCheck {
  /** Stable id of the check, e.g. `metadata.schema`, `data.hash`, `attachment.hash:<id>`. */
  check: string;
  passed: boolean;
  /**
   * Stable code of why it passed or failed (see `main/fitconnect/subscriber/reasons.ts`), which the UI says
   * with `params`. Reports stored by earlier versions have neither; the UI then shows `detail`.
   */
  reason?: string;
  params?: VerificationParams;
  /** Why it passed or failed in English words, for logs and exported reports (no personal data). */
  detail: string;
}

/** Ids, counts, types, schema references and ISO timestamps; never personal data. */
export type VerificationParams = Record<string, string | number | string[]>;

export interface VerificationReport {
  passed: boolean;
  checks: VerificationCheck[];
}

export interface SyncStatus {
  running: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  online: boolean;
}

export interface SyncSummary {
  listed: number;
  fetched: number;
  failed: number;
  gone: number;
}

export const syncCalls = {
  'sync.run': call<SyncSummary>()(none),
  'sync.status': call<SyncStatus>()(none),
} as const;

export const syncEvents = {
  'sync.progress': event<SyncProgress>(),
} as const;
