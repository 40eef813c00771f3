/**
 * The hand-over and archive kill tests' two halves: the real handler wired over a vault (the child process
 * runs it until it is killed, the parent runs it again as the next start does), and the parent's side that
 * starts the child and kills it with SIGKILL once the receiver has the delivery and before its receipt is
 * stored (see receipt-kill-child.ts).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ArchiveService } from '../../main/archive/service';
import type { SecretStore } from '../../main/auth/secret-store';
import { createMemorySecretStore } from '../../main/auth/secret-store';
import { parseMapping } from '../../main/handover/mapping/load';
import type { MappingFile } from '../../main/handover/mapping/model';
import { HandoverService } from '../../main/handover/service';
import { Outbox } from '../../main/outbox';
import type { OutboxItem } from '../../main/outbox/types';
import type { StoredDepartmentProfile } from '../../main/profile/types';
import { type Store, vaultStore } from '../../main/store';
import type { ChainHead } from '../../main/vault/audit-anchor';
import type { CaseIntake, JsonObject } from '../../shared/cases/types';
import { GEWERBE, gewerbeData, gewerbeMetadata } from '../unit/handover/support';
import { sampleIntake, type TestVault } from './vault-fixtures';

export interface ReceiptKillConfig {
  type: 'handover' | 'archive';
  profile: StoredDepartmentProfile;
  secrets: { name: string; value: string }[];
  /** The field mapping of the case's service (hand-over only). */
  mapping?: MappingFile;
  /**
   * Where the child dies: once the receiver has the delivery and before its receipt is stored (`sent`, the
   * default), or once the receipt and the item's state are committed (`recorded`).
   */
  killAt?: 'sent' | 'recorded';
}

/** Registers the real handler of `config.type` on the outbox, over `store`. */
export function registerReceiptHandler(
  outbox: Outbox,
  store: Store,
  options: { dir: string; auditHead: () => ChainHead; secretStore: SecretStore },
  config: ReceiptKillConfig,
): void {
  const profileFor = () => config.profile;
  if (config.type === 'handover') {
    const mapping = config.mapping && parseMapping(config.mapping, 'kill-test.json');
    const handover = new HandoverService({
      store,
      secretStore: options.secretStore,
      mappings: new Map(mapping ? [[mapping.service, mapping]] : []),
      profileFor,
      outbox,
    });
    outbox.register('handover', handover.deliver);
    return;
  }
  const archive = new ArchiveService({
    store,
    auditHead: options.auditHead,
    secretStore: options.secretStore,
    profileFor,
    profiles: () => [config.profile],
    summaryPdf: async () => new Uint8Array(Buffer.from('%PDF-1.7\n%%EOF\n')),
    appVersion: 'kill-test',
    stagingDir: join(options.dir, 'archive-staging'),
    now: () => new Date(),
  });
  outbox.register('archive', archive.deliver);
}

const CHILD = join(import.meta.dirname, 'receipt-kill-child.ts');
const REPO = join(import.meta.dirname, '../..');

/**
 * Closes the test's vault, runs its due item in a child process and kills that with SIGKILL once the
 * handler has delivered and goes to store the receipt (or, with `killAt: 'recorded'`, once it is stored);
 * then opens the vault again, as the next start does.
 */
export async function killBeforeReceipt(test: TestVault, config: ReceiptKillConfig): Promise<void> {
  const line = new RegExp(`^${config.killAt ?? 'sent'} ${config.type}$`, 'm');
  test.vault.close();
  const configPath = join(test.dir, 'receipt-kill.json');
  writeFileSync(configPath, JSON.stringify({ ...config, dir: test.dir, keyHex: test.key.toString('hex') }), {
    mode: 0o600,
  });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configPath], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let reached = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      if (!reached && line.test(out)) {
        reached = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      err += text;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL' && reached) resolve();
      else reject(new Error(`receipt child ended without delivering: ${out} ${err}`));
    });
  });
  await rm(configPath);
  test.reopen();
}

/**
 * A case in the test's vault waiting for its `type` delivery: accepted (hand-over) or rejected (archive),
 * with its outbox item enqueued as the desk does.
 */
export async function caseAwaiting(
  test: TestVault,
  type: ReceiptKillConfig['type'],
  intake: CaseIntake,
): Promise<string> {
  const { caseId } = test.vault.cases.storeIntake(intake);
  const row = test.vault.cases.row(caseId);
  test.vault.cases.update(caseId, row.version, {
    status: type === 'handover' ? 'accepted' : 'rejected',
    fileReference: `32.1-KILL/${caseId.slice(0, 8)}`,
  });
  const store = vaultStore(test.vault);
  const outbox = new Outbox({ store });
  await store.transaction((tx) =>
    outbox.enqueue(tx, { type, idempotencyKey: `${type}:${caseId}`, caseId, payload: { caseId } }),
  );
  return caseId;
}

/**
 * The next start after the kill: the real handler over the reopened vault, the worker started (an item left
 * in flight is due again) until the case's item has settled. Resolves with that item.
 */
export async function restartUntilSettled(
  test: TestVault,
  config: ReceiptKillConfig,
  caseId: string,
): Promise<OutboxItem> {
  const store = vaultStore(test.vault);
  const outbox = new Outbox({ store, random: () => 0, maxAttempts: 5 });
  const secretStore = createMemorySecretStore();
  for (const secret of config.secrets) await secretStore.put(secret.name, secret.value);
  registerReceiptHandler(
    outbox,
    store,
    { dir: test.dir, auditHead: () => test.vault.auditHead(), secretStore },
    config,
  );
  outbox.start();
  try {
    for (let waited = 0; waited < 60_000; waited += 50) {
      const item = (await outbox.list({ caseId })).find((candidate) => candidate.type === config.type);
      if (item && (item.state === 'delivered' || item.state === 'failed')) return item;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the outbox item did not settle');
  } finally {
    await outbox.stop();
  }
}

/** A department profile with the given targets; the rest as far as hand-over and archive read it. */
export function killTestProfile(
  targets: Partial<Pick<StoredDepartmentProfile, 'handover' | 'archive' | 'fitConnect'>>,
  folder: string,
): StoredDepartmentProfile {
  return {
    department: { id: 'buergerservice', name: 'Bürgerservice', authorityName: 'Stadt Musterhausen' },
    handover: { kind: 'hotFolder', path: join(folder, 'fachverfahren') },
    archive: { kind: 'hotFolder', path: join(folder, 'dms') },
    fitConnect: {
      tokenUrl: 'http://127.0.0.1:9/token',
      submissionApiUrl: 'http://127.0.0.1:9',
      versionPrefix: '/v1',
    },
    ...targets,
  } as StoredDepartmentProfile;
}

/** The mapping the kill tests hand a Gewerbeanmeldung over with. */
export const GEWERBE_MAPPING: MappingFile = {
  service: GEWERBE,
  format: 'json',
  fields: [
    { target: 'vorgang.aktenzeichen', source: '$case/caseId', required: true },
    { target: 'betrieb.name', source: '/betrieb/name', required: true },
  ],
};

/** A Gewerbeanmeldung of the Bürgerservice as sync stores it (metadata a FIT-Connect forward accepts). */
export function gewerbeIntake(): CaseIntake {
  const intake = sampleIntake({
    department: 'buergerservice',
    serviceIdentifier: GEWERBE,
    serviceName: 'Gewerbeanmeldung',
    formData: gewerbeData(),
  });
  return { ...intake, submission: { ...intake.submission, metadata: gewerbeMetadata() as JsonObject } };
}
