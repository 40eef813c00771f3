/**
 * The part of better-sqlite3-multiple-ciphers' API the vault uses. The package ships `index.d.ts`, but its
 * `exports` map has no `types` entry, so TypeScript's bundler resolution cannot find it. Delete this file
 * once upstream adds one (or tsconfig maps the package to its `index.d.ts`).
 */
declare module 'better-sqlite3-multiple-ciphers' {
  namespace Database {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }

    interface Statement<BindParameters extends unknown[] = unknown[], Result = unknown> {
      run(...params: BindParameters): RunResult;
      get(...params: BindParameters): Result | undefined;
      all(...params: BindParameters): Result[];
      iterate(...params: BindParameters): IterableIterator<Result>;
    }

    interface Transaction<F extends (...args: never[]) => unknown> {
      (...params: Parameters<F>): ReturnType<F>;
      deferred(...params: Parameters<F>): ReturnType<F>;
      immediate(...params: Parameters<F>): ReturnType<F>;
      exclusive(...params: Parameters<F>): ReturnType<F>;
    }

    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
    }

    interface Database {
      readonly open: boolean;
      readonly inTransaction: boolean;
      prepare<BindParameters extends unknown[] = unknown[], Result = unknown>(
        source: string,
      ): Statement<BindParameters, Result>;
      transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
      exec(source: string): this;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      /** Re-encrypts the file under a new key; an empty key decrypts it (journal mode must not be WAL). */
      rekey(key: Buffer): number;
      close(): this;
    }
  }

  const Database: {
    new (filename: string, options?: Database.Options): Database.Database;
  };
  export = Database;
}
