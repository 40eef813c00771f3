/**
 * The session the PostgreSQL repositories are written against, and the department-scoped transaction
 * every read and write runs in: `BEGIN`, then `app.department` set for the transaction alone, which the
 * row-level security policies compare every row's department with (migrations). Nested transactions are
 * savepoints; a handle used after its transaction ended is refused, as the vault refuses it.
 */
import type pg from 'pg';
import { VaultError } from '../vault/errors';
import { PostgresStoreError } from './errors';

/** What a repository needs of a connection: the subset of `pg.ClientBase` it calls. */
export interface SqlSession {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** A timestamp column as the vault stores it: ISO 8601 in UTC with milliseconds. */
export const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One open transaction of one department. */
export interface DepartmentTransaction {
  readonly db: SqlSession;
  readonly department: string;
  /** Runs `fn` in a savepoint: its writes are undone when it rejects, and the transaction goes on. */
  nested<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` once the transaction has committed; never when it rolls back. */
  afterCommit(fn: () => void): void;
}

/** Server and network faults: the connection, not the statement, failed (SQLSTATE classes 08 and 57P). */
export function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P'))) return true;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code))
    return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection error and is not queryable|Client was closed/.test(message)
  );
}

function isUnavailable(error: unknown): boolean {
  return isConnectionError(error) || (error as { code?: unknown } | null)?.code === 'postgres-unavailable';
}

function unavailable(error: unknown): unknown {
  return isConnectionError(error)
    ? new PostgresStoreError('postgres-unavailable', undefined, { cause: error })
    : error;
}

/**
 * Runs `fn` in a transaction of `department` on a client of `pool`: committed when `fn` resolves, rolled
 * back when it rejects. A connection fault surfaces as `postgres-unavailable` and the client is discarded;
 * idle connections a restarted server cut are dropped by the pool (see index.ts), so the next call
 * connects afresh.
 */
export async function inDepartmentTransaction<T>(
  pool: pg.Pool,
  department: string,
  fn: (tx: DepartmentTransaction) => Promise<T>,
): Promise<T> {
  if (typeof department !== 'string' || department === '') {
    throw new VaultError('vault-invalid-input', { detail: 'department' });
  }
  const client = await begin(pool, department);
  // A fault while the client is ours (between statements) arrives as an event; without a listener it
  // would end the process. The next statement reports it.
  const ignore = () => undefined;
  client.on('error', ignore);
  let ended = false;
  let savepoints = 0;
  const commits: (() => void)[] = [];
  const refuse = () => new VaultError('transaction-ended');
  const db: SqlSession = {
    query: (text, values) =>
      ended
        ? Promise.reject(refuse())
        : client.query(text, values).catch((error) => Promise.reject(unavailable(error))),
  };
  const tx: DepartmentTransaction = {
    db,
    department,
    async nested(inner) {
      const name = `nested_${++savepoints}`;
      // Sent, not waited for: the statements of `inner` queue behind it on the connection (a failed
      // savepoint fails them too), which spares a turn of the event loop inside the transaction, where
      // a busy service's turns are long and row locks may be held.
      const saved = db.query(`SAVEPOINT ${name}`);
      saved.catch(() => undefined); // answered below; no unhandled rejection while `inner` runs
      let result: Awaited<ReturnType<typeof inner>>;
      try {
        result = await inner();
        await saved;
      } catch (error) {
        await saved.catch(() => undefined);
        if (!ended && !isUnavailable(error)) {
          await db.query(`ROLLBACK TO SAVEPOINT ${name}`);
        }
        throw error;
      }
      await db.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    },
    afterCommit(work) {
      if (ended) throw refuse();
      commits.push(work);
    },
  };

  let broken: Error | undefined;
  try {
    const result = await fn(tx);
    ended = true;
    await client.query('COMMIT');
    for (const commit of commits) commit();
    return result;
  } catch (error) {
    if (!ended) {
      ended = true;
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
    } else if (isConnectionError(error)) {
      broken = error as Error;
    }
    throw unavailable(error);
  } finally {
    client.off('error', ignore);
    client.release(broken);
  }
}

async function begin(pool: pg.Pool, department: string): Promise<pg.PoolClient> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw unavailable(error);
  }
  try {
    // One round trip: a simple query may carry two statements (and no parameters, hence the escaping).
    await client.query(
      `BEGIN; SELECT set_config('app.department', ${client.escapeLiteral(department)}, true)`,
    );
    return client;
  } catch (error) {
    client.release(error as Error);
    throw unavailable(error);
  }
}
