/**
 * Helpers for the subscriber tests and the sync bench: a real platform and a real vault in temp folders,
 * the demo credentials as the subscriber's configuration, and light applications (generated form data,
 * small attachments) so that hundreds of submissions are sent in seconds.
 */
import { spawn } from 'node:child_process';
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditLog } from '../../../main/audit';
import type { PlainAttachment } from '../../../main/fitconnect/attachment-metadata';
import { encryptPart } from '../../../main/fitconnect/crypto';
import { encryptCompactStream } from '../../../main/fitconnect/crypto-stream';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import type { SentSubmission } from '../../../main/fitconnect/sender/send';
import {
  createFitConnectEventHandler,
  createSyncService,
  type DestinationCredentials,
  openSubscriberConnections,
  type SubscriberConnections,
  type SubscriberSettings,
  type SyncResult,
  type SyncService,
} from '../../../main/fitconnect/subscriber';
import { loadSchemaCatalog } from '../../../main/forms/schema-catalog';
import { Outbox, type OutboxHandler } from '../../../main/outbox';
import { type Store, vaultStore } from '../../../main/store';
import type { DemoDestination, PlatformOptions, RunningPlatform } from '../../../platform/index';
import { createRandom, type Random } from '../../../platform/random';
import type { Application } from '../../../platform/sender/application';
import { buildMetadata } from '../../../platform/sender/metadata-builder';
import { isoDate } from '../../../platform/sender/people';
import { sendApplication } from '../../../platform/sender/send';
import { GENERATORS } from '../../../platform/sender/services';
import { type ServiceId, serviceEntry } from '../../../platform/services';
import { demoEncryptionKey, startTestPlatform, type TestPlatform } from '../../support/platform-harness';
import { openTestVault, type TestVault } from '../../support/vault-fixtures';

export const catalog = loadSchemaCatalog(
  fileURLToPath(new URL('../../../assets/services/', import.meta.url)),
);

/** Short timeouts and retries, so faults cost the tests little time. */
export const TEST_SETTINGS: Partial<SubscriberSettings> = {
  retryBaseMs: 20,
  retryMaxMs: 200,
  headersTimeoutMs: 5_000,
  bodyTimeoutMs: 5_000,
  maxAttachmentBytes: 64 * 1024 ** 2,
};

/** What a test needs of a platform, in-process or in a child process. */
export type PlatformAccess = Pick<RunningPlatform, 'url' | 'tokenUrl' | 'issuer' | 'demo'>;

/** The demo departments' destinations as the subscriber's configuration (departments by index). */
export function demoCredentials(
  platform: PlatformAccess,
  departments: readonly number[] = [0],
  apiUrl = platform.url,
): DestinationCredentials[] {
  return departments.flatMap((index) => {
    const department = platform.demo.departments[index];
    if (department === undefined) throw new Error(`demo department ${index} missing`);
    return department.destinations.map((destination) => ({
      destinationId: destination.destinationId,
      department: department.id,
      clientId: department.clientId,
      clientSecret: department.clientSecret,
      decryptionKeys: destination.encryptionKeys,
      signingKey: destination.signingKey,
      submissionApiUrl: apiUrl,
      tokenUrl: platform.tokenUrl,
      apiPrefix: '/v1',
      serviceIssuer: platform.issuer,
    }));
  });
}

export function demoDestinations(platform: PlatformAccess, department = 0): DemoDestination[] {
  return platform.demo.departments[department]?.destinations ?? [];
}

/** The demo sender; `timeoutMs` per request (raise it for uploads of a gigabyte). */
export function senderClient(platform: PlatformAccess, timeoutMs = 30_000): SenderClient {
  return new SenderClient({
    baseUrl: platform.url,
    tokenUrl: platform.tokenUrl,
    clientId: platform.demo.sender.clientId,
    clientSecret: platform.demo.sender.clientSecret,
    retries: 8,
    timeoutMs,
  });
}

/** Bytes that start like a PDF (so the content-type check passes), then random. */
export function pdfLike(size: number): Buffer {
  const header = Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n', 'latin1');
  return Buffer.concat([header, randomBytes(Math.max(0, size - header.length))]);
}

export interface LightApplication {
  app: Application;
  /** Who the generator made the applicant (to compare the inbox name with). */
  applicant: { vornamen: string; familienname: string };
}

/** Generated, schema-valid form data of a service with small PDF-like attachments of the given sizes. */
export function lightApplication(
  serviceId: ServiceId,
  random: Random,
  attachmentSizes: readonly number[] = [2_000],
): LightApplication {
  const today = new Date();
  const draft = GENERATORS[serviceId](random, today);
  const attachments: PlainAttachment[] = attachmentSizes.map((size, index) => ({
    attachmentId: random.uuid(),
    filename: index === 0 ? 'Antrag.pdf' : `Nachweis_${index}.pdf`,
    mimeType: 'application/pdf',
    purpose: index === 0 ? 'form' : 'attachment',
    bytes: pdfLike(size),
  }));
  return {
    app: {
      service: serviceEntry(serviceId),
      data: draft.data,
      attachments,
      metadataVersion: random.chance(0.5) ? '1.0.0' : '1.2.0',
      replyChannel: { eMail: { address: 'antragsteller@example.org' } },
      authenticationInformation: [
        {
          type: 'identificationReport',
          version: '1.0.0',
          content: Buffer.from(JSON.stringify({ assuranceLevel: 'substantial' })).toString('base64url'),
        },
      ],
      senderReference: `OD-${random.uuid().slice(0, 8).toUpperCase()}`,
      applicationDate: isoDate(today),
    },
    applicant: draft.applicant,
  };
}

export interface SentLight {
  sent: SentSubmission;
  light: LightApplication;
}

/** Sends `count` light applications round-robin over the destinations and their services. */
export async function sendLight(
  client: SenderClient,
  destinations: readonly DemoDestination[],
  count: number,
  options: { seed?: number; concurrency?: number; attachmentSizes?: readonly number[] } = {},
): Promise<SentLight[]> {
  const results: SentLight[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const destination = destinations[index % destinations.length];
      if (destination === undefined) return;
      const serviceId =
        destination.services[Math.floor(index / destinations.length) % destination.services.length] ??
        'wohnsitzanmeldung';
      const random = createRandom((options.seed ?? 1) * 100_000 + index);
      const light = lightApplication(serviceId, random, options.attachmentSizes);
      const sent = await sendApplication(client, destination.destinationId, light.app, {
        random,
        key: demoEncryptionKey(destination),
      });
      results.push({ sent, light });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return results;
}

export interface SubscriberFixture {
  test: TestPlatform;
  platform: RunningPlatform;
  vault: TestVault;
  /** The same vault as the store the services reach it through. */
  store: Store;
  audit: AuditLog;
  connections: SubscriberConnections;
  sync: SyncService;
  sender: SenderClient;
  /** An outbox on the vault with the FIT-Connect handler registered and short backoff. */
  outbox: Outbox;
  handler: OutboxHandler<'fitconnect.event'>;
  close(): Promise<void>;
}

/** Platform, vault, connections for the demo departments `departments`, sync service and outbox. */
export async function startSubscriber(
  options: {
    departments?: number[];
    settings?: Partial<SubscriberSettings>;
    platform?: Partial<PlatformOptions>;
    now?: () => Date;
    /** Talk to the platform through this proxy. */
    proxy?: TamperingProxy;
    /** The services the department profile configures (default: every service is taken). */
    configuredServices?: ReadonlySet<string>;
  } = {},
): Promise<SubscriberFixture> {
  const test = await startTestPlatform(options.platform);
  const { platform } = test;
  const now = options.now ?? (() => new Date());
  const vault = openTestVault({ now });
  const audit = new AuditLog({ vault: vault.vault, now });
  if (options.proxy) options.proxy.upstream = platform.url;
  const connections = openSubscriberConnections(
    demoCredentials(platform, options.departments ?? [0], options.proxy?.url ?? platform.url),
    { ...TEST_SETTINGS, ...options.settings },
  );
  const store = vaultStore(vault.vault, { now });
  const outbox = new Outbox({
    store,
    now,
    maxAttempts: 50,
    backoff: { baseMs: 10, maxMs: 200 },
  });
  const sync = createSyncService({
    store,
    catalog,
    connections,
    outbox,
    now,
    ...(options.configuredServices && { configuredServices: options.configuredServices }),
  });
  const handler = createFitConnectEventHandler({ store, connections, now });
  outbox.register('fitconnect.event', handler);
  return {
    test,
    platform,
    vault,
    store,
    audit,
    connections,
    sync,
    sender: senderClient(platform),
    outbox,
    handler,
    async close() {
      await outbox.stop();
      await connections.close();
      vault.cleanup();
      await test.close();
    },
  };
}

export interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** A man in the middle between subscriber and platform: `rewrite` may replace any answer. */
export interface TamperingProxy {
  url: string;
  upstream: string;
  rewrite: (path: string, answer: Answer) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

export async function startProxy(): Promise<TamperingProxy> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const response = await fetch(proxy.upstream + (req.url ?? '/'), {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      const answer = await proxy.rewrite(req.url ?? '/', {
        status: response.status,
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        body: Buffer.from(await response.arrayBuffer()),
      });
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: TamperingProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    upstream: '',
    rewrite: (_path, answer) => answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return proxy;
}

const SYNC_CHILD = fileURLToPath(new URL('./sync-child.ts', import.meta.url));

/** What sync-child.ts is given, as a JSON file. */
export interface SyncChildConfig {
  vaultDir: string;
  vaultKeyHex: string;
  credentials: DestinationCredentials[];
  settings: Partial<SubscriberSettings>;
  /** Delivers the queued FIT-Connect events instead of syncing, standing still before recording one. */
  deliverEvents?: boolean;
}

export interface ChildSync {
  /** RSS of the child before and at its highest during the sync. */
  baseline: number;
  peak: number;
  result: SyncResult;
}

/**
 * Runs one sync in a child process (sync-child.ts). `killAfter`: SIGKILL once that many submissions were
 * handled; `killAtSent`: SIGKILL once an event reached the platform and before it is recorded (with
 * `deliverEvents`); resolves 'killed' then. The vault must not be open elsewhere meanwhile.
 */
export async function runSyncChild(
  config: SyncChildConfig,
  options: { killAfter?: number; killAtSent?: boolean } = {},
): Promise<ChildSync | 'killed'> {
  const dir = await mkdtemp(join(tmpdir(), 'subscriber-child-'));
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(config), { mode: 0o600 });
  try {
    return await new Promise<ChildSync | 'killed'>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', SYNC_CHILD, configPath], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      let outcome: ChildSync | undefined;
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const lines = output.split('\n');
        output = lines.pop() ?? '';
        for (const line of lines) {
          const [kind, ...rest] = line.split(' ');
          if (
            kind === 'progress' &&
            options.killAfter !== undefined &&
            Number(rest[0]) >= options.killAfter
          ) {
            child.kill('SIGKILL');
          }
          if (kind === 'sent' && options.killAtSent) child.kill('SIGKILL');
          if (kind === 'result') outcome = JSON.parse(rest.join(' ')) as ChildSync;
        }
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve('killed');
        else if (code === 0 && outcome !== undefined) resolve(outcome);
        else reject(new Error(`sync child exited with ${code ?? signal}`));
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One sync of the fixture's vault in a child process; the fixture's vault is closed meanwhile and reopened. */
export async function syncInChild(
  f: SubscriberFixture,
  options: {
    settings?: Partial<SubscriberSettings>;
    killAfter?: number;
    deliverEvents?: boolean;
    killAtSent?: boolean;
  } = {},
): Promise<ChildSync | 'killed'> {
  f.vault.vault.close();
  try {
    return await runSyncChild(
      {
        vaultDir: f.vault.dir,
        vaultKeyHex: f.vault.key.toString('hex'),
        credentials: demoCredentials(f.platform, [0]),
        settings: { ...TEST_SETTINGS, ...options.settings },
        ...(options.deliverEvents && { deliverEvents: true }),
      },
      options,
    );
  } finally {
    f.vault.reopen();
  }
}

const BLOCK = 1024 ** 2;

/** `size` pseudo-random bytes (an AES-CTR keystream, the same on every call), starting like a PDF; never held at once. */
export async function* largeContent(size: number): AsyncGenerator<Buffer> {
  const keystream = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(BLOCK);
  for (let offset = 0; offset < size; offset += BLOCK) {
    const block = keystream.update(zeros.subarray(0, Math.min(BLOCK, size - offset)));
    if (offset === 0) block.write('%PDF-1.7\n', 'latin1');
    yield block;
  }
}

export interface LargeSubmission {
  submissionId: string;
  attachmentId: string;
  sha512: string;
}

/** Sends a submission with one attachment of `size` bytes, generated and encrypted as a stream. */
export async function sendLargeSubmission(
  platform: PlatformAccess,
  destination: DemoDestination,
  size: number,
): Promise<LargeSubmission> {
  const key = demoEncryptionKey(destination);
  const hash = createHash('sha512');
  for await (const block of largeContent(size)) hash.update(block);
  const sha512 = hash.digest('hex');
  const { app } = lightApplication(destination.services[0] ?? 'bewohnerparkausweis', createRandom(3), []);
  const dataBytes = Buffer.from(JSON.stringify(app.data));
  const metadata = buildMetadata(app, dataBytes, []);
  const attachmentId = randomUUID();
  metadata.contentStructure.attachments.push({
    attachmentId,
    hash: { type: 'sha512', content: sha512 },
    purpose: 'attachment',
    filename: 'Bauplan.pdf',
    mimeType: 'application/pdf',
  });
  // One upload may take minutes on a loaded machine; the default 30 s would abort it half-way.
  const sender = senderClient(platform, 900_000);
  const { submissionId } = await sender.createSubmission({
    destinationId: destination.destinationId,
    announcedAttachments: [attachmentId],
    serviceType: { name: app.service.title, identifier: app.service.identifier },
  });
  await sender.uploadAttachment(submissionId, attachmentId, () =>
    encryptCompactStream(largeContent(size), key, { contentType: 'application/pdf' }),
  );
  await sender.submit(submissionId, {
    encryptedMetadata: await encryptPart(Buffer.from(JSON.stringify(metadata)), key, {
      contentType: 'application/json',
    }),
    encryptedData: await encryptPart(dataBytes, key, { contentType: 'application/json' }),
  });
  return { submissionId, attachmentId, sha512 };
}
