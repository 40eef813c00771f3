import type { Transaction, Transactional } from '../../vault/async';

/**
 * Commits work that becomes ready close together in one store transaction, each piece in its own savepoint:
 * the commit's fsync is paid once per batch instead of once per submission. A piece that throws is rolled
 * back alone; a failing commit fails the whole batch. A promise settles only after the commit.
 */
export interface StoreQueue<S> {
  add<T>(work: (tx: Transaction<S>) => Promise<T>): Promise<T>;
}

interface Pending<S> {
  work: (tx: Transaction<S>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function createStoreQueue<S>(store: Transactional<S>, windowMs: number): StoreQueue<S> {
  let pending: Pending<S>[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = pending;
    pending = [];
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = await store.transaction(async (tx) => {
        const settled: PromiseSettledResult<unknown>[] = [];
        for (const item of batch) {
          try {
            settled.push({ status: 'fulfilled', value: await tx.transaction((inner) => item.work(inner)) });
          } catch (reason) {
            settled.push({ status: 'rejected', reason });
          }
        }
        return settled;
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.status === 'fulfilled') item.resolve(outcome.value);
      else item.reject(outcome?.reason);
    });
  }

  return {
    add<T>(work: (tx: Transaction<S>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setTimeout(() => void flush(), windowMs);
        }
      });
    },
  };
}
