/**
 * `npm run server`: the department service, headless, for IT to run on a server (README, "Betrieb durch
 * die IT"). Runs from the build (`out/main/server.js`, an entry of the main build); `npm run server` builds
 * first unless `out/` holds a build of these very sources.
 *   --config <file>    the configuration (JSON); the environment overrides its fields
 *   --insecure-http    plain HTTP on a non-loopback address, behind a reverse proxy that terminates TLS
 *   --demo             the local platform, identity provider and demo departments; without DATABASE_URL a
 *                      private PostgreSQL cluster in the data folder
 *   --data-dir <dir>   the data folder (default: ~/.antragsdesk-server)
 * Logs are JSON lines on stderr; stdout says where the service listens.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadServerConfig } from './config';
import { launchDepartmentService } from './launch';
import { createServerLogger } from './log';

const log = createServerLogger();

let values: { config?: string; demo?: boolean; 'insecure-http'?: boolean; 'data-dir'?: string };
try {
  ({ values } = parseArgs({
    options: {
      config: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'insecure-http': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}

// out/main/server.js sits two levels below the root, as main/server/cli.ts does.
const root = resolve(import.meta.dirname, '../..');
const demo = values.demo === true;

try {
  const config = await loadServerConfig({
    ...(values.config && { file: values.config }),
    env: values['data-dir']
      ? { ...process.env, ANTRAGSDESK_DATA_DIR: resolve(values['data-dir']) }
      : process.env,
    insecureHttp: values['insecure-http'] === true,
    demo,
    defaultDataDir: join(homedir(), '.antragsdesk-server'),
  });
  const service = await launchDepartmentService({
    config,
    demo,
    rendererDir: join(root, 'out/renderer'),
    log,
  });
  process.stdout.write(`Antragsdesk-Abteilungsdienst läuft: ${service.url}\n`);
  if (demo && service.demoPeople.length > 0) {
    process.stdout.write(`Demo-Anmeldung (Passwort „demo“): ${service.demoPeople.join(', ')}\n`);
    for (const file of service.workstationProfiles) {
      process.stdout.write(`Profil für Arbeitsplätze (npm run web -- --profile <Datei>): ${file}\n`);
    }
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  // Coded errors name ids only; anything else is logged by type and the place it came from (its message
  // may carry data, its stack's frames do not).
  const code = (error as { code?: unknown }).code;
  const where = (error as Error).stack?.split('\n').find((line) => line.trim().startsWith('at '));
  log.error('server.start-failed', {
    code: typeof code === 'string' ? code : (error as Error).name,
    ...(where && { at: where.trim().slice(3) }),
  });
  fail(
    typeof code === 'string'
      ? `Der Dienst konnte nicht starten: ${(error as Error).message}`
      : 'Der Dienst konnte nicht starten.',
  );
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
