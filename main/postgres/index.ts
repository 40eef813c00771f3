/**
 * The PostgreSQL store: the second implementation of the store interfaces (main/store), for the department
 * service. One store serves one department: every call runs in a transaction of that department, in which
 * row-level security shows and takes only its rows; the repositories check the department in code as well.
 * Outside `transaction`, each call is a transaction of its own.
 */
import type pg from 'pg';
import type { Store, StoreSession, TransactionSession } from '../store';
import { postgresAttachments } from './attachments';
import { postgresAudit } from './audit';
import { postgresCases } from './cases';
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
  return {
    ...eachInItsTransaction(repositories, run),
    attachments: postgresAttachments({ run, masterKey: options.masterKey, now }),
    secrets: postgresSecretStore(key, run, now),
    transaction: (fn) =>
      run((tx) => {
        const session: TransactionSession = {
          ...repositories(tx),
          transaction: (inner) => tx.nested(() => inner(session)),
          afterCommit: (work) => tx.afterCommit(work),
        };
        return fn(session);
      }),
  };
}

/** The repositories with each method call run in a transaction of its own. */
function eachInItsTransaction(
  repositories: (tx: DepartmentTransaction) => StoreSession,
  run: <T>(work: (tx: DepartmentTransaction) => Promise<T>) => Promise<T>,
): StoreSession {
  // The factories only bind methods to a transaction; the probe lists them without touching the database.
  const probe = repositories({} as DepartmentTransaction);
  const outside: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(probe)) {
    const methods: Record<string, unknown> = {};
    for (const method of Object.keys(repository as object)) {
      methods[method] = (...args: unknown[]) =>
        run((tx) => {
          const bound = repositories(tx)[name as keyof StoreSession] as unknown as Record<
            string,
            (...a: unknown[]) => Promise<unknown>
          >;
          return (bound[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        });
    }
    outside[name] = methods;
  }
  return outside as unknown as StoreSession;
}
