/**
 * The department service in tests: a private PostgreSQL cluster (test/support/postgres.ts), the demo's local
 * platform and identity provider (issuing access tokens for the service's audience), and as many instances
 * of the service on one database as a test starts. Access tokens come from the real provider through the
 * authorization-code flow with PKCE, a person signing in at its login form.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allowInsecureRequests, Configuration, None } from 'openid-client';
import { authorize } from '../../main/auth/authorize';
import { startDemoEnvironment } from '../../main/demo/demo-environment';
import { createLogger, type LogSink } from '../../main/log/logger';
import { BROWSER_SCOPE } from '../../main/server/browser-sessions';
import {
  type DepartmentService,
  type DepartmentServiceOptions,
  startDepartmentService,
} from '../../main/server/service';
import { DEMO_API_AUDIENCE } from '../../platform/oidc/identity-provider';
import { TestBrowser } from './oidc-browser';
import { pooledKeyFactory } from './platform-keys';
import type { TestDatabase } from './postgres';

type Envelope = { ok: boolean; value?: unknown; error?: { code: string } };

const sharedSealDir = resolve('.tmp/demo-seal');

export type DemoEnvironment = Awaited<ReturnType<typeof startDemoEnvironment>>;

export interface ServiceTestBed {
  demo: DemoEnvironment;
  database: TestDatabase;
  masterKey: Buffer;
  /** Where the demo identity provider keeps its signing keys. */
  identityProviderDir: string;
  /** The Fachverfahren's hot folder of a department, where hand-overs land. */
  handoverDir(department: string): string;
  /** Every log line the instances wrote. */
  logLines: string[];
  /** Starts another instance of the service on the same database. */
  start(overrides?: Partial<DepartmentServiceOptions>): Promise<DepartmentService>;
  close(): Promise<void>;
}

export async function startServiceTestBed(
  database: TestDatabase,
  options: { seedCount?: number; rendererDir?: string } = {},
): Promise<ServiceTestBed> {
  const dir = await mkdtemp(join(tmpdir(), 'antragsdesk-service-'));
  const demo = await startDemoEnvironment({
    dataDir: join(dir, 'demo'),
    seedCount: options.seedCount ?? 0,
    keyFactory: await pooledKeyFactory(),
    sealDir: sharedSealDir,
  });
  let rendererDir = options.rendererDir;
  if (rendererDir === undefined) {
    rendererDir = join(dir, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Antragsdesk</title>');
  }
  // The Fachverfahren's and the DMS's hot folders are shared by every instance, as on a file server.
  const profiles = demo.profiles.map((profile) => ({
    ...profile,
    handover: {
      kind: 'hotFolder' as const,
      path: join(dir, 'shared', profile.department.id, 'fachverfahren'),
    },
    archive: { kind: 'hotFolder' as const, path: join(dir, 'shared', profile.department.id, 'dms') },
  }));
  const masterKey = randomBytes(32);
  const logLines: string[] = [];
  const sink: LogSink = (line) => void logLines.push(line);
  const services: DepartmentService[] = [];
  let instance = 0;
  return {
    demo,
    database,
    masterKey,
    identityProviderDir: join(dir, 'demo', 'identity-provider'),
    handoverDir: (department) => join(dir, 'shared', department, 'fachverfahren'),
    logLines,
    async start(overrides = {}) {
      instance += 1;
      const service = await startDepartmentService({
        pool: database.newPool(),
        masterKey,
        profiles,
        identityProvider: {
          issuer: demo.identityProvider.issuer,
          audience: DEMO_API_AUDIENCE,
          clientId: 'antragsdesk',
          allowInsecureRequests: true,
        },
        rendererDir: rendererDir as string,
        dataDir: join(dir, `instance-${instance}`),
        log: createLogger(`service-${instance}`, sink),
        ...overrides,
      });
      services.push(service);
      return service;
    },
    async close() {
      for (const service of services) await service.close().catch(() => undefined);
      await demo.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An access token for `user` (password `demo`) from the provider at `url`, asked for the service's audience
 * or another; the provider's metadata is taken as it is, so a provider naming another issuer can be used.
 */
export async function accessToken(
  url: string,
  user: string,
  resource: string = DEMO_API_AUDIENCE,
): Promise<string> {
  const metadata = (await (
    await fetch(`${url}/.well-known/openid-configuration`)
  ).json()) as ConstructorParameters<typeof Configuration>[0];
  const config = new Configuration(metadata, 'antragsdesk', undefined, None());
  allowInsecureRequests(config);
  const browser = new TestBrowser();
  const response = await authorize(config, {
    openBrowser: async (authorizationUrl) => {
      await browser.signIn(authorizationUrl, user, 'demo');
    },
    scope: BROWSER_SCOPE,
    reauthenticate: false,
    timeoutMs: 60_000,
    resource,
  });
  return response.access_token;
}

/** Signs `user` in to the service as a browser does (its own sign-in page); returns the browser. */
export async function browserSignIn(service: DepartmentService, user: string): Promise<TestBrowser> {
  const browser = new TestBrowser();
  const page = await browser.signIn(`${service.url}/`, user, 'demo');
  if (page.status !== 200) throw new Error(`sign-in ended with ${page.status}`);
  return browser;
}

export async function call(
  service: DepartmentService,
  name: string,
  input: unknown,
  auth: { token?: string; cookie?: string },
): Promise<{ status: number; body: Envelope }> {
  const response = await fetch(`${service.url}/api/call/${name}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(auth.token && { Authorization: `Bearer ${auth.token}` }),
      ...(auth.cookie && { Cookie: auth.cookie }),
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as Envelope };
}
