/**
 * PostgreSQL for tests: one private cluster per test file (main/postgres/cluster.ts, in a temporary folder
 * removed afterwards), and per test a fresh database copied from a migrated template, which costs a
 * file copy instead of a migration run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresCluster, startCluster } from '../../main/postgres/cluster';
import { applyMigrations } from '../../main/postgres/migrate';
import { POSTGRES_MIGRATIONS } from '../../main/postgres/migrations';

const ROLE = 'antragsdesk';
const TEMPLATE = 'antragsdesk_template';

export interface TestDatabase {
  /** Connection string of the application's role to this database. */
  readonly url: string;
  /** Connection string of the superuser to this database (for tests that look behind the store). */
  readonly adminUrl: string;
  /** A pool of the application's role, ended by `drop`. */
  readonly pool: pg.Pool;
  /** A further pool of the application's role (another instance of the service), ended by `drop`. */
  newPool(): pg.Pool;
  drop(): Promise<void>;
}

export interface TestPostgres {
  readonly cluster: PostgresCluster;
  /** A fresh database with every migration applied and no rows; `{ migrated: false }`: an empty one. */
  database(options?: { migrated?: boolean }): Promise<TestDatabase>;
}

/**
 * Starts a cluster before the file's tests and removes it after them; the returned function answers it
 * inside a test or hook.
 */
export function postgresPerFile(): () => TestPostgres {
  let state: TestPostgres | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'antragsdesk-pg-'));
    const cluster = await startCluster({ dir, database: TEMPLATE, role: ROLE, ephemeral: true });
    const template = new pg.Client({ connectionString: cluster.url });
    await template.connect();
    try {
      await applyMigrations(template, POSTGRES_MIGRATIONS);
    } finally {
      await template.end();
    }
    let count = 0;
    state = {
      cluster,
      async database(options = {}) {
        const name = `test_${process.pid}_${++count}`;
        const template = options.migrated === false ? 'template1' : TEMPLATE;
        await admin(cluster, (client) =>
          client.query(`CREATE DATABASE ${name} OWNER ${ROLE} TEMPLATE ${template}`),
        );
        const url = withDatabase(cluster.url, name);
        const pools: pg.Pool[] = [];
        const newPool = () => {
          const pool = new pg.Pool({ connectionString: url });
          pools.push(pool);
          return pool;
        };
        const pool = newPool();
        return {
          url,
          adminUrl: withDatabase(cluster.adminUrl, name),
          pool,
          newPool,
          async drop() {
            await Promise.all(pools.map((p) => p.end()));
            await admin(cluster, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
          },
        };
      },
    };
  });
  afterAll(async () => {
    try {
      await state?.cluster.stop();
    } finally {
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    if (!state) throw new Error('no PostgreSQL cluster outside the tests of postgresPerFile()');
    return state;
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(cluster: PostgresCluster, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(cluster.adminUrl, 'postgres') });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
