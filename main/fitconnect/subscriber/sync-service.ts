import type { Verification } from '../../../shared/cases/types';
import { SYSTEM_ACTOR } from '../../audit';
import type { SchemaCatalog } from '../../forms/schema-catalog';
import type { RetryPolicy } from '../../http/retry';
import type { Outbox } from '../../outbox';
import type { CaseRow } from '../../vault';
import type { Transaction } from '../../vault/async';
import type { SyncProgress, SyncStatus, SyncSummary } from '../api';
import { errorCode, SubscriberError } from '../client/errors';
import type { DestinationConnection, SubscriberConnections } from './connections';
import { DataSchemas } from './data-schemas';
import { awaitsDecision, queueSubmissionEvent } from './decision';
import { buildIntake } from './intake';
import { createLimiter } from './limiter';
import { OpenSubmissions } from './open-submissions';
import { receiveSubmission } from './receive';
import { createStoreQueue } from './store-queue';
import type { ListedSubmission } from './submission-api';
import type { SubscriberRecords, SubscriberStore } from './subscriber-store';
import { PENDING_STATUSES, settleVanished } from './vanished';
import { verifySubmission } from './verify';
import type { VerifiedEventLog } from './verify-event-log';

export interface SyncDependencies {
  store: SubscriberStore;
  /** The service schemas known locally (`loadSchemaCatalog(assetsDir/services)`). */
  catalog: Pick<SchemaCatalog, 'entries' | 'schemaFor'>;
  connections: SubscriberConnections;
  /** The service identifiers of the department profile; a submission for another waits in Technische Prüfung. */
  configuredServices?: ReadonlySet<string>;
  /** Where the technical receipt or rejection is queued with the intake. */
  outbox: Pick<Outbox, 'enqueue'>;
  now?: () => Date;
}

/** Why something was left for the next sync: ids and a code, never content. */
export interface SyncIssue {
  destinationId: string;
  submissionId?: string;
  code: string;
}

export interface SyncResult extends SyncSummary {
  /** Of `fetched`: stored with a failing verification report. */
  verificationFailed: number;
  /** What failed this time (`failed` submissions and destinations that could not be listed). */
  issues: SyncIssue[];
}

export interface SyncService {
  /** Runs a sync, or joins the one already running (its progress goes to the first caller). */
  run(onProgress?: (progress: SyncProgress) => void): Promise<SyncResult>;
  status(): Promise<SyncStatus>;
  /**
   * Fetches and verifies the case's submissions that await a decision once more (after the configuration was
   * fixed), stores them over the earlier intake and queues what the checks now decide.
   */
  verifyAgain(caseId: string): Promise<void>;
}

const LAST_SYNC_KEY = 'fitconnect.last-sync';
const LAST_ERROR_KEY = 'fitconnect.last-error';
/** Submissions verified within this window are committed together. */
const STORE_WINDOW_MS = 10;

/**
 * Sync with FIT-Connect: list every destination of the department, fetch what is not stored yet (bounded
 * concurrency), verify it, and store each submission in one vault transaction. Resumable: what is stored is
 * skipped next time, so a crash or a failed fetch only means the next run picks it up. A stored submission
 * that no longer awaits pickup is marked with what its case's event log says happened (`gone` when the log
 * does not tell); nothing is ever deleted.
 */
export function createSyncService(deps: SyncDependencies): SyncService {
  const { store, connections } = deps;
  const settings = connections.settings;
  const now = deps.now ?? (() => new Date());
  const schemas = new DataSchemas(deps.catalog);
  const attachmentLimiter = createLimiter(settings.attachmentConcurrency);
  const retry: RetryPolicy = {
    retries: settings.retries,
    baseMs: settings.retryBaseMs,
    maxMs: settings.retryMaxMs,
  };
  const storeQueue = createStoreQueue(store, STORE_WINDOW_MS);
  const vanishedContext = { store, now, maxClockSkewSeconds: settings.maxClockSkewSeconds };
  const destinationIds = connections.destinations.map((destination) => destination.destinationId);
  let current: Promise<SyncResult> | undefined;
  let online = true;

  async function sync(report: (progress: SyncProgress) => void): Promise<SyncResult> {
    const result: SyncResult = {
      listed: 0,
      fetched: 0,
      failed: 0,
      gone: 0,
      verificationFailed: 0,
      issues: [],
    };
    const destinations = connections.destinations;
    const open = await OpenSubmissions.load(store.syncState, destinationIds);
    let bytes = 0;

    report({ phase: 'listing', done: 0, total: destinations.length, bytes });
    const listings = new Map<DestinationConnection, ListedSubmission[]>();
    for (const destination of destinations) {
      try {
        listings.set(destination, await destination.api.listAll(settings.listPageSize));
      } catch (error) {
        result.issues.push({ destinationId: destination.destinationId, code: errorCode(error) });
      }
      report({ phase: 'listing', done: listings.size, total: destinations.length, bytes });
    }
    online = listings.size > 0 || destinations.length === 0;
    const listed = [...listings.values()].flat();
    result.listed = listed.length;
    const pending: ListedSubmission[] = [];
    for (const entry of listed) if (!(await isStored(entry, open))) pending.push(entry);

    let done = 0;
    report({ phase: 'fetching', done, total: pending.length, bytes });
    const limit = createLimiter(settings.submissionConcurrency);
    await Promise.all(
      pending.map((entry) =>
        limit(async () => {
          try {
            const stored = await fetchAndStore(entry, open, (received) => {
              bytes += received;
            });
            if (stored !== 'vanished') {
              result.fetched++;
              if (stored !== 'passed') result.verificationFailed++;
            }
          } catch (error) {
            result.failed++;
            result.issues.push({
              destinationId: entry.destinationId,
              submissionId: entry.submissionId,
              code: errorCode(error),
            });
          }
          report({ phase: 'fetching', done: ++done, total: pending.length, bytes });
        }),
      ),
    );

    for (const [destination, entries] of listings) {
      const still = new Set(entries.map((entry) => entry.submissionId));
      for (const submissionId of open.of(destination.destinationId)) {
        if (still.has(submissionId)) continue;
        try {
          if (await settleVanished(vanishedContext, destination, submissionId, open)) result.gone++;
        } catch (error) {
          result.issues.push({
            destinationId: destination.destinationId,
            submissionId,
            code: errorCode(error),
          });
        }
      }
    }

    await store.transaction(async (tx) => {
      await tx.syncState.set(LAST_SYNC_KEY, now().toISOString());
      await tx.syncState.set(LAST_ERROR_KEY, result.issues[0]?.code ?? '');
    });
    report({ phase: 'done', done, total: pending.length, bytes });
    return result;
  }

  /** Already stored: then it only has to be remembered as open (repairs a set lost with an old vault). */
  async function isStored(entry: ListedSubmission, open: OpenSubmissions): Promise<boolean> {
    const stored = await store.cases.findSubmission(entry.submissionId);
    if (stored === null) return false;
    if (
      PENDING_STATUSES.includes(stored.platformStatus) &&
      !open.has(entry.destinationId, entry.submissionId)
    ) {
      await store.transaction((tx) => open.add(tx.syncState, entry.destinationId, entry.submissionId));
    }
    return true;
  }

  /**
   * Fetches, verifies and stores one submission, and queues what the checks decide in the same transaction:
   * the receipt, the rejection, or nothing while it waits for a technical check. 'vanished' when it is no
   * longer available for pickup. Verifying again, the case's earlier verdict (this submission's own) is left
   * out.
   */
  async function fetchAndStore(
    entry: ListedSubmission,
    open: OpenSubmissions,
    onBytes: (bytes: number) => void,
    again = false,
  ): Promise<Verification | 'vanished'> {
    const destination = connections.destination(entry.destinationId);
    const resource = await destination.api.submission(entry.submissionId);
    if (resource === null) return 'vanished';
    if (
      resource.submissionId !== entry.submissionId ||
      resource.destinationId !== destination.destinationId
    ) {
      throw new SubscriberError('invalid-response', {
        destinationId: destination.destinationId,
        submissionId: entry.submissionId,
      });
    }
    const received = await receiveSubmission(resource, {
      connection: destination,
      writer: store.attachments,
      attachmentLimiter,
      retry,
      maxDataBytes: settings.maxDataBytes,
      maxAttachmentBytes: settings.maxAttachmentBytes,
      bufferedAttachmentBytes: settings.bufferedAttachmentBytes,
      onBytes,
    });
    const verification = await verifySubmission(received, {
      schemas,
      resolveKey: destination.eventKeys.resolve,
      serviceIssuer: destination.eventKeys.serviceIssuer,
      now: Math.floor(now().getTime() / 1000),
      maxClockSkewSeconds: settings.maxClockSkewSeconds,
      ...(deps.configuredServices && { configuredServices: deps.configuredServices }),
    });
    return storeQueue.add(async (tx) => {
      const existing = await storedCaseOf(tx.cases, verification.log, resource.submissionId);
      const intake = buildIntake({
        received,
        verification,
        department: destination.department,
        existing: again && existing ? { ...existing, verification: 'passed' } : existing,
        now: now(),
        unnamedApplicant: settings.unnamedApplicant,
      });
      const { caseId, created } = await tx.cases.storeIntake(intake);
      await open.add(tx.syncState, destination.destinationId, resource.submissionId);
      const verdict = intake.case.verification;
      await decide(tx, caseId, resource.submissionId, verdict);
      await tx.audit.append({
        actor: SYSTEM_ACTOR,
        department: destination.department,
        caseId,
        action: 'fitconnect.intake',
        outcome: 'success',
        details: {
          submissionId: resource.submissionId,
          verification: verdict,
          joined: !created,
          ...(again && { again }),
        },
      });
      return verdict;
    });
  }

  /**
   * The technical receipt of a verified submission, or its rejection with the problems found, which also
   * ends a case not yet in anyone's hands' processing; a submission that waits for a technical check gets
   * neither.
   */
  async function decide(
    tx: Transaction<SubscriberRecords>,
    caseId: string,
    submissionId: string,
    verdict: Verification,
  ): Promise<void> {
    if (verdict === 'pending') return;
    const event = verdict === 'passed' ? 'accept-submission' : 'reject-submission';
    await queueSubmissionEvent(deps.outbox, tx, { caseId, submissionId, event });
    if (verdict === 'failed') {
      const row = await tx.cases.row(caseId);
      if (row.status === 'new' || row.status === 'in_review') {
        await tx.cases.update(caseId, row.version, { status: 'rejected' });
      }
    }
  }

  /** The stored case of another submission of the same FIT-Connect case, found through the case's log. */
  async function storedCaseOf(
    cases: SubscriberStore['cases'],
    log: VerifiedEventLog,
    submissionId: string,
  ): Promise<CaseRow | undefined> {
    const others = new Set(
      log.events
        .map((claims) => claims.submissionId)
        .filter((id) => id.toLowerCase() !== submissionId.toLowerCase()),
    );
    for (const other of others) {
      const stored = await cases.findSubmission(other);
      if (stored !== null) return cases.row(stored.caseId);
    }
    return undefined;
  }

  return {
    run(onProgress = () => undefined) {
      current ??= sync(onProgress)
        .catch((error: unknown) => {
          onProgress({ phase: 'failed', done: 0, total: 0, bytes: 0 });
          throw error;
        })
        .finally(() => {
          current = undefined;
        });
      return current;
    },
    async verifyAgain(caseId) {
      const open = await OpenSubmissions.load(store.syncState, destinationIds);
      const detail = await store.cases.get(caseId);
      for (const { destinationId, submissionId } of detail.submissions.filter(awaitsDecision)) {
        const entry = { destinationId, submissionId, caseId: detail.case.fitCaseId };
        const outcome = await fetchAndStore(entry, open, () => undefined, true);
        if (outcome === 'vanished') throw new SubscriberError('not-found', { destinationId, submissionId });
      }
    },
    async status() {
      const lastError = await store.syncState.get(LAST_ERROR_KEY);
      return {
        running: current !== undefined,
        lastSyncAt: await store.syncState.get(LAST_SYNC_KEY),
        lastError: lastError === '' ? null : lastError,
        online,
      };
    },
  };
}
