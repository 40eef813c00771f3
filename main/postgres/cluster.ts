/**
 * A private PostgreSQL cluster from the machine's server binaries: for tests (a temporary folder each) and
 * for `npm run server -- --demo` (its data folder, reused across starts). The cluster listens on loopback
 * only, on a free port; the service connects as a login role that is neither superuser nor exempt from
 * row-level security, owning its database.
 *
 * `initdb` refuses to run as root (as this machine and CI do): then every binary runs as the `postgres`
 * system user that Debian's package creates, and the cluster's folder belongs to it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PostgresStoreError } from './errors';

const run = promisify(execFile);

export interface ClusterOptions {
  /** The cluster's folder: `pgdata/` (the cluster), `credentials.json` (its passwords) and `postgres.log`. */
  dir: string;
  /** The application's database and login role (default `antragsdesk` for both). */
  database?: string;
  role?: string;
  /**
   * Trade durability for speed (no fsync): for tests, whose clusters are thrown away. A clean stop or
   * restart still keeps every commit.
   */
  ephemeral?: boolean;
}

export interface PostgresCluster {
  /** Connection string of the application's role (NOSUPERUSER NOBYPASSRLS) to its database. */
  readonly url: string;
  /** Connection string of the superuser to the application's database: for setup, never for the service. */
  readonly adminUrl: string;
  readonly port: number;
  /** Restarts the server on the same port (fast shutdown: open connections are cut). */
  restart(): Promise<void>;
  /** Stops the server; the folder stays (the caller removes a temporary one). */
  stop(): Promise<void>;
  /** Starts a stopped server again on the same port (the fault tests' "PostgreSQL was down a while"). */
  start(): Promise<void>;
}

interface Credentials {
  adminPassword: string;
  rolePassword: string;
}

interface Binaries {
  initdb: string;
  pgCtl: string;
}

const SUPERUSER = 'postgres';
/** The system user Debian's package creates; the binaries run as it when we are root. */
const SYSTEM_USER = 'postgres';

/** Starts the cluster in `options.dir`, creating it first when the folder holds none. */
export async function startCluster(options: ClusterOptions): Promise<PostgresCluster> {
  const binaries = findBinaries();
  const database = options.database ?? 'antragsdesk';
  const role = options.role ?? 'antragsdesk';
  const dataDir = join(options.dir, 'pgdata');
  const logFile = join(options.dir, 'postgres.log');
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const owner = await clusterOwner();
  if (owner) {
    await chown(options.dir, owner.uid, owner.gid);
    // The folder's parents must let the system user through (a folder under /root does not).
    await asOwner(owner, 'test', ['-w', options.dir]).catch((error) => {
      throw new PostgresStoreError(
        'postgres-start-failed',
        `the "${SYSTEM_USER}" system user cannot reach the cluster folder; choose one it can enter`,
        { cause: error },
      );
    });
  }

  const credentials = await ensureCluster(binaries, options, dataDir, owner);
  // A server left running by a killed process would hold the folder: stop it, then start on a fresh port.
  if (await isRunning(binaries, dataDir, owner))
    await pgCtl(binaries, owner, ['stop', '-D', dataDir, '-m', 'fast', '-w']);

  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    ...(options.ephemeral ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  const start = (command: 'start' | 'restart') =>
    pgCtl(binaries, owner, [command, '-D', dataDir, '-l', logFile, '-w', '-m', 'fast', '-o', serverOptions]);
  try {
    await start('start');
  } catch (error) {
    throw new PostgresStoreError('postgres-start-failed', `see ${logFile}`, { cause: error });
  }

  const admin = (db: string) =>
    `postgresql://${SUPERUSER}:${encodeURIComponent(credentials.adminPassword)}@127.0.0.1:${port}/${db}`;
  await ensureRoleAndDatabase(admin('postgres'), role, credentials.rolePassword, database);
  return {
    url: `postgresql://${role}:${encodeURIComponent(credentials.rolePassword)}@127.0.0.1:${port}/${database}`,
    adminUrl: admin(database),
    port,
    restart: async () => {
      await start('restart');
    },
    start: async () => {
      await start('start');
    },
    stop: async () => {
      await pgCtl(binaries, owner, ['stop', '-D', dataDir, '-m', 'fast', '-w']);
    },
  };
}

/**
 * The highest version's binaries under Debian's `/usr/lib/postgresql/<version>/bin`, else those on PATH.
 * `where` is for tests: another root and PATH.
 */
export function findBinaries(where: { root?: string; path?: string } = {}): Binaries {
  const root = where.root ?? '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const debian = versions[0];
  if (debian !== undefined) {
    const bin = join(root, debian, 'bin');
    return { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') };
  }
  const onPath = (name: string) =>
    (where.path ?? process.env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => join(dir, name))
      .find((path) => existsSync(path));
  const initdb = onPath('initdb');
  const pgCtlPath = onPath('pg_ctl');
  if (!initdb || !pgCtlPath) throw new PostgresStoreError('postgres-binaries-missing');
  return { initdb, pgCtl: pgCtlPath };
}

interface Owner {
  uid: number;
  gid: number;
}

/** The `postgres` system user when we are root (initdb refuses root), else nobody: we run as ourselves. */
async function clusterOwner(): Promise<Owner | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      run('id', ['-u', SYSTEM_USER]),
      run('id', ['-g', SYSTEM_USER]),
    ]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch (error) {
    throw new PostgresStoreError(
      'postgres-start-failed',
      `running as root needs the "${SYSTEM_USER}" system user of the Debian package "postgresql"`,
      { cause: error },
    );
  }
}

function asOwner(
  owner: Owner | null,
  file: string,
  args: string[],
): Promise<{ stdout: string; stderr: string }> {
  return owner ? run('runuser', ['-u', SYSTEM_USER, '--', file, ...args]) : run(file, args);
}

function pgCtl(binaries: Binaries, owner: Owner | null, args: string[]) {
  return asOwner(owner, binaries.pgCtl, args);
}

async function isRunning(binaries: Binaries, dataDir: string, owner: Owner | null): Promise<boolean> {
  try {
    await pgCtl(binaries, owner, ['status', '-D', dataDir]);
    return true;
  } catch {
    return false;
  }
}

/** Creates the cluster unless the folder already holds one; answers its passwords either way. */
async function ensureCluster(
  binaries: Binaries,
  options: ClusterOptions,
  dataDir: string,
  owner: Owner | null,
): Promise<Credentials> {
  const credentialsFile = join(options.dir, 'credentials.json');
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    return JSON.parse(await readFile(credentialsFile, 'utf8')) as Credentials;
  }
  const credentials: Credentials = {
    adminPassword: randomBytes(24).toString('base64url'),
    rolePassword: randomBytes(24).toString('base64url'),
  };
  await writeFile(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  // initdb reads the superuser's password from a file it can open; it is removed right after.
  const passwordFile = join(options.dir, 'initdb-password');
  await writeFile(passwordFile, credentials.adminPassword, { mode: 0o600 });
  if (owner) await chown(passwordFile, owner.uid, owner.gid);
  try {
    await asOwner(owner, binaries.initdb, [
      '-D',
      dataDir,
      '-U',
      SUPERUSER,
      `--pwfile=${passwordFile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=peer',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      ...(options.ephemeral ? ['--no-sync'] : []),
    ]);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw new PostgresStoreError('postgres-start-failed', 'initdb failed', { cause: error });
  } finally {
    await rm(passwordFile, { force: true });
  }
  return credentials;
}

async function ensureRoleAndDatabase(
  adminUrl: string,
  role: string,
  password: string,
  database: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const quotedRole = client.escapeIdentifier(role);
    const roleExists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (roleExists.rowCount === 0) {
      await client.query(
        `CREATE ROLE ${quotedRole} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(password)}`,
      );
    }
    const databaseExists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (databaseExists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} OWNER ${quotedRole}`);
    }
  } finally {
    await client.end();
  }
}

/** A port nobody listens on right now, chosen by the kernel. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
