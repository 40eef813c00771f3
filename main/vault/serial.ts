/**
 * Asynchronous transactions over the vault's one synchronous connection. better-sqlite3 runs a statement
 * the moment it is called, so while a transaction's function awaits, any other statement on the
 * connection would run inside that transaction and commit or roll back with it. So the connection is
 * held in turn: a transaction holds it from BEGIN to COMMIT, and an operation outside a transaction runs
 * at once when nothing holds it (the usual case, at the speed of a direct call) or waits its turn.
 *
 * Inside a transaction, work goes through the transaction's handle, never through the store itself: that
 * would wait for the end of the very transaction that waits for it.
 */
import { VaultError } from './errors';
import { reportDamageAs, type SqliteDatabase, type VaultTx } from './sql';

export class ConnectionTurns {
  private tail: Promise<unknown> = Promise.resolve();
  /** Turns queued or running; zero means the connection is free. */
  private waiting = 0;
  private savepoints = 0;
  private open = false;

  /** The connection for statements run in a turn. */
  readonly connection: VaultTx;

  /** `onCommit` runs after each commit (the vault moves its audit anchor then). */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly onCommit: () => void = () => undefined,
  ) {
    this.connection = { db };
  }

  /** True while an asynchronous transaction holds the connection. */
  get holding(): boolean {
    return this.open;
  }

  /** Runs one synchronous operation in its own turn. */
  run<T>(operation: () => T): Promise<T> {
    if (this.waiting === 0) {
      try {
        return Promise.resolve(operation());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.turn(async () => operation());
  }

  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE); a rejection rolls everything back. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.turn(async () => {
      reportDamageAs({}, () => this.db.exec('BEGIN IMMEDIATE'));
      this.open = true;
      try {
        const result = await fn();
        reportDamageAs({}, () => this.db.exec('COMMIT'));
        this.onCommit();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        this.open = false;
      }
    });
  }

  /**
   * A transaction inside the open one (a savepoint): its rejection undoes only its own work. Only the
   * holder of the open transaction may call it.
   */
  async nested<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.open) throw new VaultError('vault-invalid-input', { detail: 'nested transaction outside one' });
    const name = `turn_${++this.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  private turn<T>(fn: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(fn);
    const done = () => {
      this.waiting--;
    };
    this.tail = result.then(done, done);
    return result;
  }
}
