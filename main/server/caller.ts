/**
 * The person of the call being served. The department service serves many people at once, so the principal
 * travels with each request's asynchronous work (AsyncLocalStorage) instead of living in process state; the
 * services read it wherever the workstation reads its one signed-in person.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../../shared/auth/roles';
import { AuthError } from '../auth/errors';

export interface Caller {
  principal: Principal;
  /** Ends the browser session the call came with, if it came with one (sign-out). */
  endSession?: () => void;
}

const callers = new AsyncLocalStorage<Caller>();

export function runAsCaller<T>(caller: Caller, work: () => T): T {
  return callers.run(caller, work);
}

/** The caller of the current request; outside a request (a worker, a timer) there is nobody. */
export function currentCaller(): Caller {
  const caller = callers.getStore();
  if (caller === undefined) throw new AuthError('not-signed-in');
  return caller;
}

export const currentPrincipal = (): Principal => currentCaller().principal;
