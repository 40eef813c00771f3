/**
 * `npm run web`: browser mode. Serves the built renderer and the API on 127.0.0.1 and prints the launch
 * URL (with the per-launch token in its fragment). Runs from the build (`out/main/web.js`, an entry of the
 * main build): `main/web/ensure-build.ts` builds first unless `out/` holds a build of these very sources.
 *   --port <n>        fixed port (default: a free one)
 *   --data-dir <dir>  where settings and the vault live (default: ~/.antragsdesk-web)
 *   --demo            demo mode
 *   --profile <file>  a department profile to import at start, as one IT rolled out (e.g. a department-mode
 *                     profile naming the department service: `npm run server -- --demo` writes them)
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Conf from 'conf';
import { createApp } from '../app/create-app';
import { startupFailure } from '../app/startup-failure';
import { appVersion } from '../app/version';
import { createLogger } from '../log/logger';
import { EnvKeyProvider, KeyFileProvider } from '../vault';
import { DEFAULT_KEY_VARIABLE } from '../vault/keys/env-key';
import { startFailureServer, startWebServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});

// out/main/web.js sits two levels below the root, as main/web/cli.ts does.
const root = resolve(import.meta.dirname, '../..');
const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.antragsdesk-web'));
const log = createLogger('web');
const app = await createApp({
  mode: 'browser',
  demo: values.demo ?? false,
  version: appVersion,
  electronVersion: null,
  settingsStore: new Conf({ cwd: dataDir, configName: 'settings', projectName: 'antragsdesk' }),
  log,
  profileDir: dataDir,
  // In browser mode the vault key comes from the environment or from an owner-only key file.
  vaultKey: process.env[DEFAULT_KEY_VARIABLE]
    ? new EnvKeyProvider()
    : new KeyFileProvider(join(dataDir, 'vault.key')),
  ...(values.profile && { managedProfilePaths: [resolve(values.profile)] }),
}).catch(showStartFailure);
if (values.demo) await app.startDemo();
const server = await startWebServer({
  app,
  rendererDir: join(root, 'out/renderer'),
  port: values.port ? Number(values.port) : 0,
  log,
});
log.info('web.started', { url: server.url });
process.stdout.write(`Antragsdesk (Browsermodus) läuft: ${server.launchUrl}\n`);

const stop = async () => {
  await server.close();
  await app.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * The app could not start: the data stays as it is, and whoever opens the address learns what happened
 * and what to do (instead of a stack trace here and nothing in the browser). Serves until stopped.
 */
async function showStartFailure(error: unknown): Promise<never> {
  const failure = startupFailure(error);
  log.error('web.start-failed', { code: failure.code });
  const page = await startFailureServer(
    failure,
    startupFailure(error, 'en'),
    values.port ? Number(values.port) : 0,
  );
  process.stdout.write(`${failure.title}: ${failure.what}\n${failure.todo}\nHinweisseite: ${page.url}\n`);
  const stop = async () => {
    await page.close();
    process.exit(1);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<never>(() => undefined);
}
