// Placeholder with pg-core's shapes until their foundation is merged (theirs replaces it).
import type pg from 'pg';

export interface SqlSession {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export interface DepartmentTransaction {
  readonly db: SqlSession;
  readonly department: string;
  nested<T>(fn: () => Promise<T>): Promise<T>;
  afterCommit(fn: () => void): void;
}
