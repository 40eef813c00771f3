/**
 * A workstation for the delivery tests: a real vault, outbox and audit log in a temp folder, the notice
 * service over them, a throwaway seal PKI (2048-bit keys: these tests lower the minimum, production needs
 * 4096), and cases with a chosen reply channel.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditStore } from '../../../main/audit/log';
import { createMemorySecretStore } from '../../../main/auth/secret-store';
import {
  createDeliveryChannels,
  NOTICE_DELIVERY,
  noticeDeliveryHandler,
  registerDeliveryHandlers,
} from '../../../main/delivery';
import type { DeliveryEnvironment, DeliverySettings } from '../../../main/delivery/types';
import { loadSealCredentials, type SealCredentials } from '../../../main/notices';
import { type NoticeActor, type NoticeRecord, NoticeService } from '../../../main/notices/service';
import { Outbox } from '../../../main/outbox';
import { type Store, vaultStore } from '../../../main/store';
import type { CaseRow, JsonObject } from '../../../main/vault';
import type { DeliveryKillConfig } from '../../support/delivery-kill-child';
import {
  createTestRootCa,
  issueSealCertificate,
  type TestCertificate,
  toPkcs12,
} from '../../support/pki-seal';
import { openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';
import { caseFields, profile } from '../notices/fixtures';

export const actor: NoticeActor = { userId: 'sachbearbeitung.mueller' };
export const TEST_KEY_BITS = 2048;

export interface SealPki {
  ca: TestCertificate;
  seal: TestCertificate;
  credentials: SealCredentials;
  /** The seal as the key store would hand it out, for a child process. */
  pkcs12: Uint8Array;
  password: string;
}

export async function createSealPki(): Promise<SealPki> {
  const ca = await createTestRootCa(TEST_KEY_BITS);
  const seal = await issueSealCertificate(ca, { bits: TEST_KEY_BITS });
  const password = 'Siegel 2025';
  const pkcs12 = toPkcs12(seal, [ca], password);
  const credentials = loadSealCredentials(pkcs12, password, { minKeyBits: TEST_KEY_BITS });
  return { ca, seal, credentials, pkcs12, password };
}

export interface Workstation {
  test: TestVault;
  store: Store;
  outbox: Outbox;
  audit: AuditStore;
  service: NoticeService;
  secrets: ReturnType<typeof createMemorySecretStore>;
  /** What the delivery handlers see; tests change settings and seal between attempts. */
  env: DeliveryEnvironment & { current: { settings: DeliverySettings; seal: SealCredentials } };
  /** Moves the outbox's clock forward, so that a retry scheduled later becomes due. */
  advance(ms: number): void;
  cleanup(): void;
}

/**
 * A workstation without registered handlers (`register` adds the real ones). With the default jitter of 0
 * a retry is due at once, so one `processDue` runs every attempt; pass another to see a single attempt.
 */
export function openWorkstation(
  seal: SealCredentials,
  settings: DeliverySettings,
  options: { jitter?: number; test?: TestVault } = {},
): Workstation {
  const test = options.test ?? openTestVault({ now: () => new Date() });
  let shift = 0;
  const store = vaultStore(test.vault);
  const outbox = new Outbox({
    store,
    now: () => new Date(Date.now() + shift),
    random: () => options.jitter ?? 0,
    maxAttempts: 5,
  });
  const current = { settings, seal };
  const secrets = createMemorySecretStore();
  const env = {
    current,
    settings: () => current.settings,
    sealCredentials: async () => current.seal,
    secrets,
    now: () => new Date(),
  };
  const service = new NoticeService({
    store,
    outbox,
    profile: () => profile,
    sealCredentials: async () => current.seal,
  });
  return {
    test,
    store,
    outbox,
    audit: store.audit,
    service,
    secrets,
    env,
    advance: (ms) => {
      shift += ms;
    },
    cleanup: () => test.cleanup(),
  };
}

export function register(workstation: Workstation): void {
  registerDeliveryHandlers(workstation.outbox, workstation.service.deliveryJobs(), workstation.env);
}

/**
 * The real notice delivery handler, except that the first attempt throws after it has delivered: what a
 * process that dies before the outbox records the result leaves behind.
 */
export function registerDyingAfterFirstDelivery(workstation: Workstation): void {
  const real = noticeDeliveryHandler(
    workstation.service.deliveryJobs(),
    createDeliveryChannels(workstation.env),
  );
  let crashes = 1;
  workstation.outbox.register(NOTICE_DELIVERY, async (item) => {
    const result = await real(item);
    if (crashes-- > 0) throw new Error('the process died before the outbox recorded the result');
    return result;
  });
}

/**
 * A workstation as the channel tests start it: `secret` in its secret store and, unless `handlers` is
 * false, the real delivery handlers registered.
 */
export async function openDeliveryWorkstation(
  seal: SealCredentials,
  settings: DeliverySettings,
  secret: { name: string; value: string },
  options: { jitter?: number; handlers?: boolean; test?: TestVault } = {},
): Promise<Workstation> {
  const workstation = openWorkstation(seal, settings, {
    ...(options.jitter !== undefined && { jitter: options.jitter }),
    ...(options.test && { test: options.test }),
  });
  await workstation.secrets.put(secret.name, secret.value);
  if (options.handlers !== false) register(workstation);
  return workstation;
}

/** A case as sync stores it, with the reply channel under test. */
export function storeCase(
  workstation: Workstation,
  replyChannel: JsonObject | null,
  fileReference = '32.1-BPA-2025/0042',
): CaseRow {
  const intake = sampleIntake({ serviceName: 'Bewohnerparkausweis' });
  const { caseId } = workstation.test.vault.cases.storeIntake({
    ...intake,
    case: { ...intake.case, replyChannel, fileReference },
  });
  return workstation.test.vault.cases.get(caseId).case;
}

export async function sealNotice(
  workstation: Workstation,
  caseRow: CaseRow,
  templateId = 'bescheid-bewilligung',
): Promise<NoticeRecord> {
  const draft = await workstation.service.draft(
    caseRow.department,
    { ...caseFields, fileReference: caseRow.fileReference ?? undefined },
    templateId,
  );
  return workstation.service.seal(caseRow.id, draft, actor);
}

export function mailboxChannel(): { idBundDeMailbox: { mailboxUuid: string } } {
  return { idBundDeMailbox: { mailboxUuid: randomUUID() } };
}

const KILL_CHILD = join(import.meta.dirname, '../../support/delivery-kill-child.ts');
const REPO = join(import.meta.dirname, '../../..');

/**
 * Runs the workstation's due deliveries in a child process and kills it with SIGKILL once a handler has
 * delivered and before the outbox recorded it (or, with `killAt: 'recorded'`, right after); then opens the
 * same vault again, as the next start does, with the real handlers registered. Resolves with that
 * workstation and the type that was cut off.
 */
export async function killBetweenSentAndRecorded(
  workstation: Workstation,
  pki: SealPki,
  secret: { name: string; value: string },
  killAt: 'sent' | 'recorded' = 'sent',
): Promise<{ restarted: Workstation; killedIn: string }> {
  const { test } = workstation;
  test.vault.close();
  const config: DeliveryKillConfig = {
    dir: test.dir,
    keyHex: test.key.toString('hex'),
    settings: workstation.env.current.settings,
    secret,
    seal: {
      pkcs12Base64: Buffer.from(pki.pkcs12).toString('base64'),
      password: pki.password,
      minKeyBits: TEST_KEY_BITS,
    },
    killAt,
  };
  const configPath = join(test.dir, 'kill-config.json');
  writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 });
  const killedIn = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', KILL_CHILD, configPath], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let sent: string | null = null;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const match = new RegExp(`^${killAt} (\\S+) (\\S+)$`, 'm').exec(out);
      if (match && sent === null) {
        sent = `${match[1]} ${match[2]}`;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      err += text;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL' && sent !== null) resolve(sent);
      else reject(new Error(`delivery child ended without delivering: ${out} ${err}`));
    });
  });
  rmSync(configPath);
  test.reopen();
  const restarted = await openDeliveryWorkstation(pki.credentials, config.settings, secret, { test });
  return { restarted, killedIn };
}
