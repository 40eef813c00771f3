import type { Vault, VaultTx } from '../../vault';

/**
 * Commits work that becomes ready close together in one vault transaction, each piece in its own savepoint:
 * the commit's fsync is paid once per batch instead of once per submission. A piece that throws is rolled
 * back alone; a failing commit fails the whole batch. A promise settles only after the commit.
 */
export interface StoreQueue {
  add<T>(work: (tx: VaultTx) => T): Promise<T>;
}

interface Pending {
  work: (tx: VaultTx) => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function createStoreQueue(vault: Pick<Vault, 'transaction'>, windowMs: number): StoreQueue {
  let pending: Pending[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const batch = pending;
    pending = [];
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = vault.transaction(() =>
        batch.map((item): PromiseSettledResult<unknown> => {
          try {
            return { status: 'fulfilled', value: vault.transaction(item.work) };
          } catch (reason) {
            return { status: 'rejected', reason };
          }
        }),
      );
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
    add<T>(work: (tx: VaultTx) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setTimeout(flush, windowMs);
        }
      });
    },
  };
}
