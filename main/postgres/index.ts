/**
 * The PostgreSQL store: the second implementation of the store interfaces (main/store), for the department
 * service. One store serves one department: every call runs in a transaction of that department, in which
 * row-level security shows and takes only its rows; the repositories check the department in code as well.
 * Outside `transaction`, each call is a transaction of its own; inside, calls take turns.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Store, StoreSession, TransactionSession } from '../store';
import { postgresAttachments } from './attachments';
import { postgresAudit } from './audit';
import { postgresCases } from './cases';
import { applyMigrations } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations';
import { postgresNotices } from './notices';
import { postgresOutbox } from './outbox';
import { postgresReceipts } from './receipts';
import { postgresSecretStore, secretsKey } from './secrets';
import { type DepartmentTransaction, inDepartmentTransaction } from './sql';
import { postgresTeam } from './team';
import { postgresFileReferences, postgresPreferences, postgresSyncState } from './workstation';

export interface PostgresStoreOptions {
  /** The service's pool, connected as its role (not a superuser, not exempt from row security). */
  pool: pg.Pool;
  /** The department every call of this store reads and writes. */
  department: string;
  /** The service's 32-byte master key; the key store's key is derived from it. */
  masterKey: Uint8Array;
  now?: () => Date;
  /** How long an outbox claim holds its item before another worker may take it (outbox.ts). */
  outboxLeaseMs?: number;
}

const pools = new WeakSet<pg.Pool>();

/** Brings the pool's database to the store's schema (at every start; applied steps are skipped). */
export async function migratePostgres(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    return await applyMigrations(client, POSTGRES_MIGRATIONS);
  } finally {
    client.release();
  }
}

export function openPostgresStore(options: PostgresStoreOptions): Store {
  const { pool, department } = options;
  const now = options.now ?? (() => new Date());
  const key = secretsKey(options.masterKey);
  if (!pools.has(pool)) {
    pools.add(pool);
    // An idle connection cut by a server restart is reported here and dropped by the pool; without a
    // listener the event would end the process. The next call connects afresh.
    pool.on('error', () => undefined);
  }
  const run = <T>(work: (tx: DepartmentTransaction) => Promise<T>) =>
    inDepartmentTransaction(pool, department, work);
  const repositories = (tx: DepartmentTransaction): StoreSession => {
    const cases = postgresCases(tx, now);
    return {
      cases,
      notes: cases,
      syncState: postgresSyncState(tx, now),
      fileReferences: postgresFileReferences(tx),
      preferences: postgresPreferences(tx),
      receipts: postgresReceipts(tx, now),
      notices: postgresNotices(tx),
      outbox: postgresOutbox(tx, { leaseMs: options.outboxLeaseMs }),
      audit: postgresAudit(tx, now),
      team: postgresTeam(tx),
    };
  };
  // The factories only bind methods to a transaction; the probe lists them without touching the database.
  const probe = repositories({} as DepartmentTransaction);
  const session = (tx: DepartmentTransaction): TransactionSession => {
    const bound = repositories(tx);
    const turn = turnsOf(tx);
    const inside: TransactionSession = {
      ...eachCall(probe, (use) => turn(() => use(bound))),
      transaction: (inner) => turn(() => tx.nested(() => inner(inside))),
      afterCommit: (work) => tx.afterCommit(work),
    };
    return inside;
  };
  return {
    ...eachCall(probe, (use) => run((tx) => use(repositories(tx)))),
    attachments: postgresAttachments({ run, masterKey: options.masterKey, now }),
    secrets: postgresSecretStore(key, run, now),
    transaction: (fn) => run((tx) => fn(session(tx))),
  };
}

type Use = (repositories: StoreSession) => Promise<unknown>;

/** The repositories' shape, each method call handed to `call` with the repositories to run it on. */
function eachCall(probe: StoreSession, call: (use: Use) => Promise<unknown>): StoreSession {
  const wrapped: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(probe)) {
    const methods: Record<string, unknown> = {};
    for (const method of Object.keys(repository as object)) {
      methods[method] = (...args: unknown[]) =>
        call((repositories) => {
          const target = repositories[name as keyof StoreSession] as unknown as Record<
            string,
            (...a: unknown[]) => Promise<unknown>
          >;
          return (target[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        });
    }
    wrapped[name] = methods;
  }
  return wrapped as unknown as StoreSession;
}

type Turn = <T>(work: () => Promise<T>) => Promise<T>;

/** The turns of the transaction whose call (or nested transaction) the current code runs in. */
const level = new AsyncLocalStorage<{ tx: DepartmentTransaction; turn: Turn }>();

/**
 * Calls inside one transaction share its connection; one that takes several statements (a savepoint
 * around them) must not interleave with another, or their savepoints would release each other. So each
 * call waits for the one before it, as the vault's calls do on its one connection. Calls made while a
 * call runs (inside a nested transaction, through either handle) take turns among themselves, so the
 * nested transaction that holds the turn is not waited for by its own calls.
 */
function turnsOf(tx: DepartmentTransaction): Turn {
  const top = oneAtATime();
  return (work) => {
    const current = level.getStore();
    const turn = current?.tx === tx ? current.turn : top;
    return turn(() => level.run({ tx, turn: oneAtATime() }, work));
  };
}

function oneAtATime(): Turn {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const result = last.then(work);
    last = result.catch(() => undefined);
    return result;
  };
}
