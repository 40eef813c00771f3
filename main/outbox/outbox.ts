/**
 * The durable outbox: `enqueue` inside the transaction of a state change, and a worker that delivers due
 * items one at a time through the handler registered for their type, retrying with exponential backoff and
 * full jitter. Every state is in the vault, so a restart resumes where the last process stopped; an item
 * that was in flight when it died is attempted again (handlers are idempotent).
 */

import type { JsonValue } from '../../shared/cases/types';
import type { Vault } from '../vault';
import type { VaultTx } from '../vault/sql';
import { type BackoffPolicy, fullJitterDelay } from './backoff';
import { OutboxError } from './errors';
import {
  claimNext,
  countByState,
  getItem,
  insertItem,
  listItems,
  markDelivered,
  markFailed,
  markRetry,
  nextDueAt,
  type OutboxListFilter,
  recordProgress,
  recoverInFlight,
  removeFailed,
  resetFailed,
} from './store';
import type {
  HandlerResult,
  OutboxChange,
  OutboxHandler,
  OutboxItem,
  OutboxItemInput,
  OutboxState,
  OutboxSummary,
  OutboxType,
} from './types';

export interface OutboxOptions {
  vault: Pick<Vault, 'transaction'>;
  now?: () => Date;
  /** Values in [0, 1), for the jitter. */
  random?: () => number;
  /** Attempts before an item is `failed`. Default 10. */
  maxAttempts?: number;
  /** Default: 5 s doubling up to 30 min. */
  backoff?: BackoffPolicy;
  /** Longest sleep before looking for due items again, so a changed clock is noticed. Default 60 s. */
  maxIdleMs?: number;
  /** Errors of the worker loop itself (e.g. the disk failed); it keeps running and tries again later. */
  onError?: (error: unknown) => void;
}

export type OutboxListener = (change: OutboxChange) => void;

const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 30 * 60_000 };
const DEFAULT_MAX_IDLE_MS = 60_000;

export class Outbox {
  private readonly vault: Pick<Vault, 'transaction'>;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxIdleMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly handlers = new Map<string, OutboxHandler>();
  private readonly listeners = new Set<OutboxListener>();
  private draining: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wakeUp: (() => void) | null = null;

  constructor(options: OutboxOptions) {
    this.vault = options.vault;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxIdleMs = options.maxIdleMs ?? DEFAULT_MAX_IDLE_MS;
    this.onError = options.onError ?? (() => undefined);
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new OutboxError('outbox-invalid-input', undefined, 'maxAttempts');
    }
  }

  register(type: OutboxType, handler: OutboxHandler): void {
    if (this.handlers.has(type))
      throw new OutboxError('outbox-invalid-input', undefined, `handler for ${type} exists`);
    this.handlers.set(type, handler);
    this.wakeUp?.();
  }

  /**
   * Adds an item in the caller's transaction; with a known idempotency key it returns the existing item
   * and adds nothing. The worker hears of it once the transaction has committed.
   */
  enqueue(tx: VaultTx, input: OutboxItemInput): OutboxItem {
    if (!tx.db.inTransaction) throw new OutboxError('outbox-not-in-transaction');
    const { item, created } = insertItem(tx.db, input, this.now());
    if (created) {
      // Transactions are synchronous: when a microtask runs, this one has committed or rolled back.
      queueMicrotask(() => {
        try {
          const stored = tx.db.open ? getItem(tx.db, item.id) : null;
          if (!stored) return;
          this.emit(stored);
          this.wakeUp?.();
        } catch (error) {
          this.onError(error);
        }
      });
    }
    return item;
  }

  /** Starts the worker: first items left in flight by a crash become due, then due items are delivered. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    const recovered = this.vault.transaction(({ db }) => recoverInFlight(db, this.now()));
    for (const item of recovered) this.emit(item);
    this.loop = this.run();
  }

  /** Lets the current delivery finish, then stops. Call before closing the vault. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    this.loop = null;
  }

  /**
   * Delivers every item due now, one after another, and resolves with how many were attempted. The
   * running worker uses it; tests with a fixed clock call it directly.
   */
  processDue(): Promise<number> {
    const run = this.draining.then(() => this.drain());
    this.draining = run.catch(() => undefined);
    return run;
  }

  /**
   * Commits what an attempt in flight has already done that must not be done twice (e.g. the submission
   * it created, before uploading it). The next attempt finds it in `item.receipt` and can ask the remote
   * side what became of it instead of sending again; a delivery replaces it with the receipt.
   */
  recordProgress(id: string, progress: JsonValue): void {
    this.vault.transaction(({ db }) => recordProgress(db, id, progress, this.now()));
  }

  /** A person's retry of a failed item: it gets a fresh set of attempts, due now. */
  retry(id: string): OutboxItem {
    const item = this.vault.transaction(({ db }) => resetFailed(db, id, this.now()));
    this.emit(item);
    this.wakeUp?.();
    return item;
  }

  /**
   * Takes a failed item off the queue, in the caller's transaction, once a person settled it another way (a
   * notice sent by post instead): it no longer counts as an error nor offers a retry. What happened stays
   * with the caller's records and the audit log. Returns whether an item was withdrawn.
   */
  withdraw(tx: VaultTx, id: string): boolean {
    if (!tx.db.inTransaction) throw new OutboxError('outbox-not-in-transaction');
    const item = removeFailed(tx.db, id);
    if (item) queueMicrotask(() => this.emit(item));
    return item !== null;
  }

  /** Counts per state, of every item or of one department's cases. */
  summary(department?: string): OutboxSummary {
    return this.vault.transaction(({ db }) => countByState(db, department));
  }

  item(id: string): OutboxItem | null {
    return this.vault.transaction(({ db }) => getItem(db, id));
  }

  list(filter: OutboxListFilter = {}): OutboxItem[] {
    return this.vault.transaction(({ db }) => listItems(db, filter));
  }

  /** Called after every state change (enqueued, in flight, delivered, retry scheduled, failed). */
  subscribe(listener: OutboxListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.processDue();
        if (!this.stopping) await this.idle();
      } catch (error) {
        this.onError(error);
        if (!this.stopping) await this.sleep(this.maxIdleMs);
      }
    }
  }

  private async drain(): Promise<number> {
    let attempted = 0;
    // A stopping worker finishes the item in hand and claims no more.
    while (!(this.stopping && this.loop)) {
      const types = [...this.handlers.keys()];
      const item = this.vault.transaction(({ db }) => claimNext(db, types, this.now()));
      if (!item) break;
      this.emit(item);
      await this.deliver(item);
      attempted++;
    }
    return attempted;
  }

  private async deliver(item: OutboxItem): Promise<void> {
    // claimNext only returns items of registered types, and handlers are never removed.
    const handler = this.handlers.get(item.type) as OutboxHandler;
    let result: HandlerResult;
    try {
      result = await handler(item);
    } catch (error) {
      result = { kind: 'retry', error: describeThrown(error) };
    }
    const now = this.now();
    const state = this.vault.transaction(({ db }): OutboxState => {
      switch (result?.kind) {
        case 'delivered':
          markDelivered(db, item.id, result.receipt, result.repeat === true, now);
          return 'delivered';
        case 'permanent':
          markFailed(db, item.id, result.error, now);
          return 'failed';
        default: {
          const error = result?.kind === 'retry' ? result.error : 'handler returned no verdict';
          if (item.attempts >= this.maxAttempts) {
            markFailed(db, item.id, error, now);
            return 'failed';
          }
          const delay = fullJitterDelay(item.attempts, this.backoff, this.random);
          markRetry(db, item.id, error, new Date(now.getTime() + delay), now);
          return 'pending';
        }
      }
    });
    this.emit({ ...item, state });
  }

  private async idle(): Promise<void> {
    const types = [...this.handlers.keys()];
    const due = this.vault.transaction(({ db }) => nextDueAt(db, types));
    const untilDue = due === null ? this.maxIdleMs : due.getTime() - this.now().getTime();
    await this.sleep(Math.min(this.maxIdleMs, Math.max(0, untilDue)));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private emit(item: Pick<OutboxItem, 'id' | 'type' | 'state' | 'caseId'>): void {
    const change: OutboxChange = { id: item.id, type: item.type, state: item.state, caseId: item.caseId };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A failing listener (a closed window) must not stop deliveries.
      }
    }
  }
}

/** Thrown errors are unexpected; their messages may quote remote answers, so only name and code are kept. */
function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return 'handler threw';
  const code = (error as { code?: unknown }).code;
  return `handler threw ${error.name}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}`;
}
