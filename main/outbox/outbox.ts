/**
 * The durable outbox: `enqueue` inside the transaction of a state change, and a worker that delivers due
 * items one at a time through the handler registered for their type, retrying with exponential backoff and
 * full jitter. Every state is in the vault, so a restart resumes where the last process stopped; an item
 * that was in flight when it died is attempted again (handlers are idempotent).
 */
import type { JsonValue } from '../../shared/cases/types';
import type { Transaction, Transactional } from '../vault/async';
import { type BackoffPolicy, fullJitterDelay } from './backoff';
import { OutboxError } from './errors';
import { type OutboxType, outboxPayloads } from './items';
import type { OutboxListFilter, OutboxStore } from './store';
import type {
  HandlerResult,
  OutboxChange,
  OutboxHandler,
  OutboxItem,
  OutboxItemInput,
  OutboxPayload,
  OutboxState,
  OutboxSummary,
} from './types';

/** The outbox's records, and transactions over them. */
export type OutboxHost = { outbox: OutboxStore } & Transactional<{ outbox: OutboxStore }>;

export interface OutboxOptions {
  store: OutboxHost;
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
  private readonly store: OutboxHost;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxIdleMs: number;
  private readonly onError: (error: unknown) => void;
  /** Each registered handler behind the parse of its type's payload. */
  private readonly handlers = new Map<OutboxType, (item: OutboxItem) => Promise<HandlerResult>>();
  private readonly listeners = new Set<OutboxListener>();
  private draining: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wakeUp: (() => void) | null = null;

  constructor(options: OutboxOptions) {
    this.store = options.store;
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

  register<T extends OutboxType>(type: T, handler: OutboxHandler<T>): void {
    if (this.handlers.has(type))
      throw new OutboxError('outbox-invalid-input', undefined, `handler for ${type} exists`);
    this.handlers.set(type, async (item) => {
      const payload = parsePayload(type, item.payload);
      // A stored payload that no longer fits its type will not fit on the next attempt either.
      if (payload === null) return { kind: 'permanent', error: `outbox-invalid-payload: ${type}` };
      return handler({ ...item, type, payload });
    });
    this.wakeUp?.();
  }

  /**
   * Adds an item in the caller's transaction; with a known idempotency key it returns the existing item
   * and adds nothing. The worker hears of it once the transaction has committed.
   */
  async enqueue<T extends OutboxType>(
    tx: Transaction<{ outbox: OutboxStore }>,
    input: OutboxItemInput<T>,
  ): Promise<OutboxItem> {
    const payload = parsePayload(input.type, input.payload);
    if (payload === null)
      throw new OutboxError('outbox-invalid-input', undefined, `payload of ${input.type}`);
    const { item, created } = await tx.outbox.insert({ ...input, payload }, this.now());
    if (created) {
      tx.afterCommit(() => {
        this.emit(item);
        this.wakeUp?.();
      });
    }
    return item;
  }

  /** Starts the worker: first items left in flight by a crash become due, then due items are delivered. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.recoverThenRun();
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
  recordProgress(id: string, progress: JsonValue): Promise<void> {
    return this.store.outbox.recordProgress(id, progress, this.now());
  }

  /** A person's retry of a failed item: it gets a fresh set of attempts, due now. */
  async retry(id: string): Promise<OutboxItem> {
    const item = await this.store.outbox.resetFailed(id, this.now());
    this.emit(item);
    this.wakeUp?.();
    return item;
  }

  /**
   * Takes a failed item off the queue, in the caller's transaction, once a person settled it another way (a
   * notice sent by post instead): it no longer counts as an error nor offers a retry. What happened stays
   * with the caller's records and the audit log. Returns whether an item was withdrawn.
   */
  async withdraw(tx: Transaction<{ outbox: OutboxStore }>, id: string): Promise<boolean> {
    const item = await tx.outbox.removeFailed(id);
    if (item) tx.afterCommit(() => this.emit(item));
    return item !== null;
  }

  /** Counts per state, of every item or of one department's cases. */
  summary(department?: string): Promise<OutboxSummary> {
    return this.store.outbox.countByState(department);
  }

  item(id: string): Promise<OutboxItem | null> {
    return this.store.outbox.get(id);
  }

  list(filter: OutboxListFilter = {}): Promise<OutboxItem[]> {
    return this.store.outbox.list(filter);
  }

  /** Called after every state change (enqueued, in flight, delivered, retry scheduled, failed). */
  subscribe(listener: OutboxListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async recoverThenRun(): Promise<void> {
    try {
      const recovered = await this.store.outbox.recoverInFlight(this.now());
      for (const item of recovered) this.emit(item);
    } catch (error) {
      this.onError(error);
    }
    await this.run();
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
      const item = await this.store.outbox.claimNext(types, this.now());
      if (!item) break;
      this.emit(item);
      await this.deliver(item);
      attempted++;
    }
    return attempted;
  }

  private async deliver(item: OutboxItem): Promise<void> {
    // claimNext only returns items of registered types, and handlers are never removed.
    const handler = this.handlers.get(item.type) as (item: OutboxItem) => Promise<HandlerResult>;
    let result: HandlerResult;
    try {
      result = await handler(item);
    } catch (error) {
      result = { kind: 'retry', error: describeThrown(error) };
    }
    const state = await this.record(item, result, this.now());
    this.emit({ ...item, state });
  }

  /** The verdict as the item's next state; each outcome is one statement. */
  private async record(item: OutboxItem, result: HandlerResult, now: Date): Promise<OutboxState> {
    const { outbox } = this.store;
    switch (result?.kind) {
      case 'delivered':
        await outbox.markDelivered(item.id, result.receipt, result.repeat === true, now);
        return 'delivered';
      case 'permanent':
        await outbox.markFailed(item.id, result.error, now);
        return 'failed';
      default: {
        const error = result?.kind === 'retry' ? result.error : 'handler returned no verdict';
        if (item.attempts >= this.maxAttempts) {
          await outbox.markFailed(item.id, error, now);
          return 'failed';
        }
        const delay = fullJitterDelay(item.attempts, this.backoff, this.random);
        await outbox.markRetry(item.id, error, new Date(now.getTime() + delay), now);
        return 'pending';
      }
    }
  }

  private async idle(): Promise<void> {
    const types = [...this.handlers.keys()];
    const due = await this.store.outbox.nextDueAt(types);
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

/** The payload as its type's schema reads it, or null when it does not fit. */
function parsePayload<T extends OutboxType>(type: T, payload: unknown): OutboxPayload<T> | null {
  const parsed = outboxPayloads[type].safeParse(payload);
  return parsed.success ? (parsed.data as OutboxPayload<T>) : null;
}

/** Thrown errors are unexpected; their messages may quote remote answers, so only name and code are kept. */
function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return 'handler threw';
  const code = (error as { code?: unknown }).code;
  return `handler threw ${error.name}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}`;
}
