/**
 * The store's interfaces are asynchronous (a second store, PostgreSQL, answers over the network); the
 * vault's repositories are synchronous. `Async<T>` is a repository's shape with every method answering a
 * promise, and `inTurns` gives a repository that shape by running each call in the connection's turn.
 */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** Runs a synchronous operation and answers its result or its error as a promise. */
export type Turn = <R>(operation: () => R) => Promise<R>;

/** Runs at once: for the holder of an open transaction, which has the connection to itself. */
export const atOnce: Turn = (operation) => {
  try {
    return Promise.resolve(operation());
  } catch (error) {
    return Promise.reject(error);
  }
};

/** Every method of a plain object of functions, each call in its turn. */
export function allInTurns<T extends Record<string, (...args: never[]) => unknown>>(
  target: T,
  turn: Turn,
): Async<T> {
  return inTurns(target, Object.keys(target) as (keyof T)[], turn) as Async<T>;
}

export function inTurns<T, K extends keyof T>(
  target: T,
  methods: readonly K[],
  turn: Turn,
): Async<Pick<T, K>> {
  const wrapped: Record<PropertyKey, unknown> = {};
  for (const name of methods) {
    const method = target[name] as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => turn(() => method.apply(target, args));
  }
  return wrapped as Async<Pick<T, K>>;
}

/**
 * What a service needs of the store's transactions, `S` being the repositories it works with: `fn` gets
 * them bound to one transaction, whose writes commit together when `fn` resolves and roll back when it
 * rejects. A transaction does no waiting on the network: it holds the store while it runs.
 */
export interface Transactional<S> {
  transaction<T>(fn: (tx: Transaction<S>) => Promise<T>): Promise<T>;
}

/** The repositories of one open transaction, a nested transaction (a savepoint), and after-commit work. */
export type Transaction<S> = S &
  Transactional<S> & {
    /** Runs `fn` once the outermost transaction has committed; never when it rolls back. */
    afterCommit(fn: () => void): void;
  };
