/** The sync calls: fetch the department's new submissions now, and where sync stands. */
import type { CaseWorkerCheck, SliceHandlers } from '../../shared/api/call';
import type { SyncProgress, SyncStatus, SyncSummary, syncCalls } from './api';

/** What the calls need of the department's subscribers (wired in `main/app/subscriber.ts`). */
export interface DepartmentSync {
  sync(department: string, onProgress: (progress: SyncProgress) => void): Promise<SyncSummary>;
  status(department: string): Promise<SyncStatus>;
}

export interface SyncHandlerOptions {
  subscribers: DepartmentSync;
  caseWorker: CaseWorkerCheck<{ department: string }>;
  progress(progress: SyncProgress): void;
  /** After a sync, the inbox reloads what it shows. */
  casesChanged(): void;
}

export function syncHandlers({
  subscribers,
  caseWorker,
  progress,
  casesChanged,
}: SyncHandlerOptions): SliceHandlers<typeof syncCalls> {
  return {
    'sync.run': async () => {
      const { department } = caseWorker('case.read');
      const { listed, fetched, failed, gone } = await subscribers.sync(department, progress);
      casesChanged();
      return { listed, fetched, failed, gone };
    },
    'sync.status': () => subscribers.status(caseWorker('case.read').department),
  };
}
