/**
 * From a checked configuration to a running department service: the database (IT's, or in demo mode a
 * private cluster in the data folder), the master key, TLS, the identity provider and the profiles (in demo
 * mode the local platform's), then `startDepartmentService`. `cli.ts` calls it; tests call it in-process.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from '../log/logger';
import { migratePostgres } from '../postgres';
import { type PostgresCluster, startCluster } from '../postgres/cluster';
import { departmentModeProfileOf } from '../profile/department-mode';
import type { DepartmentProfile, DepartmentServiceSettings } from '../profile/types';
import { EnvKeyProvider, KeyFileProvider } from '../vault';
import { BROWSER_SCOPE } from './browser-sessions';
import { ConfigError, describeConfig, type ServerConfig } from './config';
import { databaseChecks, handleOperationsRequest, intakeCheck, type ReadinessCheck } from './health';
import { type DepartmentService, type IdentityProviderSettings, startDepartmentService } from './service';

export interface LaunchOptions {
  config: ServerConfig;
  /** The local platform, identity provider and demo departments stand in for what the configuration leaves out. */
  demo: boolean;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  log: Logger;
}

export interface LaunchedService extends DepartmentService {
  /** In demo mode: who may sign in, as the demo identity provider names them. */
  demoPeople: readonly string[];
  /** In demo mode: a department-mode profile per demo department, for workstations (`npm run web -- --profile`). */
  workstationProfiles: readonly string[];
}

export async function launchDepartmentService(options: LaunchOptions): Promise<LaunchedService> {
  const { config, log } = options;
  log.info('server.starting', describeConfig(config));
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const masterKey = await loadMasterKey(config);
    const tls = config.tls ? await readTls(config.tls) : undefined;

    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const dir = await privateClusterDir(config.dataDir);
      const cluster: PostgresCluster = await startCluster({ dir });
      cleanups.push(() => cluster.stop());
      log.info('server.private-cluster', { port: cluster.port, dir });
      databaseUrl = cluster.url;
    }

    let identityProvider: IdentityProviderSettings;
    let profiles: readonly (string | object)[] = config.departmentProfiles;
    let demoPeople: string[] = [];
    let demoDepartments: DepartmentProfile[] = [];
    if (config.identityProvider) {
      identityProvider = { ...config.identityProvider };
    } else {
      const { startDemoEnvironment } = await import(
        // biome-ignore lint/style/noRestrictedImports: loaded on demand, as createApp does: a production start never loads the platform.
        '../demo/demo-environment'
      );
      const demo = await startDemoEnvironment({ dataDir: join(config.dataDir, 'demo') });
      cleanups.push(() => demo.close());
      // The demo departments' profiles name the demo provider's client and claims.
      const signIn = demo.profiles[0]?.identityProvider;
      identityProvider = {
        issuer: demo.identityProvider.issuer,
        audience: demo.identityProvider.apiAudience ?? '',
        clientId: signIn?.clientId ?? 'antragsdesk',
        ...(signIn?.claimNames && { claimNames: signIn.claimNames }),
        allowInsecureRequests: true,
      };
      if (profiles.length === 0) {
        profiles = demo.profiles;
        demoDepartments = demo.profiles;
      }
      demoPeople = demo.people.map((person) => person.userId);
    }

    const pool = new pg.Pool({ connectionString: databaseUrl, max: config.databasePoolSize });
    // An idle connection cut by a database restart is reported here; unhandled it would end the process.
    pool.on('error', (error) => log.warn('server.database-connection-lost', { code: codeOf(error) }));
    cleanups.push(() => pool.end());
    // Every instance migrates at start; the runner's advisory lock lets one do it while the others wait.
    const applied = await migratePostgres(pool);
    if (applied.length > 0) log.info('server.migrated', { versions: applied.join(',') });
    let checks: readonly ReadinessCheck[] = databaseChecks(pool);

    const service = await startDepartmentService({
      pool,
      masterKey,
      profiles,
      identityProvider,
      ...(tls && { tls }),
      rendererDir: options.rendererDir,
      dataDir: config.dataDir,
      host: config.listen.host,
      port: config.listen.port,
      ...(config.publicUrl && { publicUrl: config.publicUrl }),
      operationsRequest: (request, response) => handleOperationsRequest(request, response, () => checks),
      log,
    });
    checks = [...checks, intakeCheck(service.intake)];
    log.info('server.started', { url: service.url });
    const workstationProfiles = await writeWorkstationProfiles(
      demoDepartments,
      {
        url: service.url,
        audience: identityProvider.audience,
      },
      config.dataDir,
    );
    return {
      url: service.url,
      intake: service.intake,
      demoPeople,
      workstationProfiles,
      close: async () => {
        await service.close();
        await closeAll();
        log.info('server.stopped');
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The master key from the environment or IT's key file. A missing file is an error, not a reason to make
 * one: secrets already encrypted with the lost key would be unreadable. Only the demo generates its key.
 */
async function loadMasterKey(config: ServerConfig): Promise<Uint8Array> {
  const source = config.masterKey;
  if (source?.kind === 'environment') return new EnvKeyProvider(source.variable).loadOrCreate();
  if (source?.kind === 'file') {
    const exists = await stat(source.path).then(
      () => true,
      () => false,
    );
    if (!exists) {
      throw new ConfigError([
        `masterKeyFile: ${source.path} does not exist; create it once with \`openssl rand -hex 32\`, ` +
          'readable by the service user only (chmod 0400), and keep a copy apart from the database backups',
      ]);
    }
    return new KeyFileProvider(source.path).loadOrCreate();
  }
  return new KeyFileProvider(join(config.dataDir, 'master.key')).loadOrCreate();
}

const run = promisify(execFile);

/**
 * The demo departments' profiles for workstations in department mode, beside the service's data (owner-only:
 * a workstation refuses a profile others may change). Asks for the service's API scope, as its own sign-in
 * page does.
 */
async function writeWorkstationProfiles(
  departments: readonly DepartmentProfile[],
  service: DepartmentServiceSettings,
  dataDir: string,
): Promise<string[]> {
  const files: string[] = [];
  for (const department of departments) {
    const file = join(dataDir, `arbeitsplatz-${department.department.id}.json`);
    const profile = departmentModeProfileOf(department, service, BROWSER_SCOPE);
    await writeFile(file, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    files.push(file);
  }
  return files;
}

/**
 * The demo's private cluster lives in the data folder. Run as root, the cluster runs as the `postgres`
 * system user (main/postgres/cluster.ts), which cannot enter a folder under root's 0700 home: then it lives
 * in that user's home instead, one folder per data folder, so a restart finds it again.
 */
async function privateClusterDir(dataDir: string): Promise<string> {
  const inDataDir = join(dataDir, 'postgres');
  if (process.getuid?.() !== 0) return inDataDir;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const reachable = await run('runuser', ['-u', 'postgres', '--', 'test', '-x', dataDir]).then(
    () => true,
    () => false,
  );
  if (reachable) return inDataDir;
  const { stdout } = await run('getent', ['passwd', 'postgres']);
  const home = stdout.split(':')[5] || '/var/lib/postgresql';
  return join(home, `antragsdesk-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
}

async function readTls(files: NonNullable<ServerConfig['tls']>): Promise<{ key: Buffer; cert: Buffer }> {
  const read = (field: string, path: string) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError([`${field}: ${path} cannot be read (${error.code})`]);
    });
  const [cert, key] = await Promise.all([
    read('tls.certificateFile', files.certificateFile),
    read('tls.keyFile', files.keyFile),
  ]);
  return { cert, key };
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}
