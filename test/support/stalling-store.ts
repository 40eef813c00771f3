/**
 * For the kill tests' child processes: a store whose transactions stand still at one write, where a process
 * dies. `reached` is told (the child prints a line for its parent to kill it at); the transaction never
 * commits, so nothing of the attempt is recorded but what was committed before it.
 */
import type { Store } from '../../main/store';

type Tables = Pick<Store, 'receipts' | 'cases'>;

export function stoppingAt<T extends keyof Tables>(
  real: Store,
  table: T,
  method: keyof Tables[T] & string,
  reached: (...args: unknown[]) => void,
): Store {
  const stalled = (inner: object) =>
    new Proxy(inner, {
      get: (target, name) =>
        name === method
          ? (...args: unknown[]) => {
              reached(...args);
              return new Promise(() => undefined);
            }
          : bound(target, name),
    });
  return new Proxy(real, {
    get: (target, name) =>
      name === 'transaction'
        ? (work: (tx: unknown) => Promise<unknown>) =>
            target.transaction((tx) =>
              work(
                new Proxy(tx, {
                  get: (inner, key) => (key === table ? stalled(inner[table]) : bound(inner, key)),
                }),
              ),
            )
        : bound(target, name),
  });
}

function bound(target: object, name: string | symbol): unknown {
  const value = Reflect.get(target, name, target);
  return typeof value === 'function' ? value.bind(target) : value;
}
