/**
 * Hard kills (SIGKILL) of a real child process between "the receiver has it" and "the receipt is stored",
 * for the hand-over (hot folder, HTTP) and the xdomea archive (DMS folder, upload), then the next start on
 * the same vault: each delivery reaches its receiver exactly once, counted at the receiver (the folder's
 * entries; an HTTP receiver that keeps one delivery per Idempotency-Key, as the adapters expect of it).
 * The FIT-Connect forward is killed the same way in test/unit/handover/fit-connect.test.ts, e-mail in
 * test/unit/delivery/email.test.ts. And killed right after the receipt is stored: the next start delivers
 * nothing again.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredTarget } from '../../../main/profile/types';
import {
  caseAwaiting,
  GEWERBE_MAPPING,
  gewerbeIntake,
  killBeforeReceipt,
  killTestProfile,
  type ReceiptKillConfig,
  restartUntilSettled,
} from '../../support/receipt-kill';
import { openTestVault, type TestVault } from '../../support/vault-fixtures';

const TOKEN = { name: 'profile/buergerservice/target/token', value: 'empfaenger-token' };
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/** An HTTP receiver that files each Idempotency-Key once and answers a repeat with the first answer. */
interface Receiver {
  url: string;
  requests: number;
  /** Deliveries it filed, by Idempotency-Key. */
  filed: Map<string, string>;
}

async function receiver(): Promise<Receiver> {
  const state: Receiver = { url: '', requests: 0, filed: new Map() };
  const server: Server = createServer(async (request, response) => {
    for await (const _ of request);
    state.requests++;
    const key = String(request.headers['idempotency-key'] ?? '');
    const id = state.filed.get(key) ?? `eingang-${state.filed.size + 1}`;
    state.filed.set(key, id);
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/eingang`;
  cleanups.push(() => server.close());
  return state;
}

function workspace(): { test: TestVault; folder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'ad-kill-'));
  // The receivers' folders exist, as a Fachverfahren's or DMS's import folder does.
  for (const name of ['fachverfahren', 'dms']) mkdirSync(join(folder, name), { mode: 0o700 });
  const test = openTestVault();
  cleanups.push(() => {
    test.cleanup();
    rmSync(folder, { recursive: true, force: true });
  });
  return { test, folder };
}

function config(type: ReceiptKillConfig['type'], target: StoredTarget, folder: string): ReceiptKillConfig {
  return {
    type,
    profile: killTestProfile({ [type]: target }, folder),
    secrets: [TOKEN],
    ...(type === 'handover' && { mapping: GEWERBE_MAPPING }),
  };
}

/**
 * Kills the first attempt before its receipt is stored (`sent`) or right after (`recorded`), restarts, and
 * returns the settled item and the case.
 */
async function killedAndRestarted(test: TestVault, run: ReceiptKillConfig, killAt: 'sent' | 'recorded') {
  const caseId = await caseAwaiting(test, run.type, gewerbeIntake());
  await killBeforeReceipt(test, { ...run, killAt });
  // Killed before: nothing of the first attempt was recorded, the item is still in flight.
  expect(test.vault.receipts.ofCase(caseId)).toHaveLength(killAt === 'sent' ? 0 : 1);
  const item = await restartUntilSettled(test, run, caseId);
  return { item, caseId };
}

const visible = (dir: string) => readdirSync(dir).filter((name) => !name.startsWith('.'));

describe.each([
  ['between delivering and storing the receipt', 'sent', 2],
  ['right after the receipt is stored', 'recorded', 1],
] as const)('killed %s, then restarted', (_, killAt, attempts) => {
  it('hands over into the Fachverfahren folder once', async () => {
    const { test, folder } = workspace();
    const target = join(folder, 'fachverfahren');
    const run = config('handover', { kind: 'hotFolder', path: target }, folder);
    const { item, caseId } = await killedAndRestarted(test, run, killAt);
    expect(item).toMatchObject({ state: 'delivered', attempts });
    expect(visible(target)).toHaveLength(1);
    expect(test.vault.receipts.ofCase(caseId)).toHaveLength(1);
    expect(test.vault.cases.row(caseId).status).toBe('handed_over');
  }, 120_000);

  it('hands over to the Fachverfahren’s HTTP endpoint once', async () => {
    const { test, folder } = workspace();
    const fachverfahren = await receiver();
    const run = config('handover', { kind: 'http', url: fachverfahren.url, tokenSecret: TOKEN.name }, folder);
    const { item, caseId } = await killedAndRestarted(test, run, killAt);
    expect(item).toMatchObject({ state: 'delivered', attempts });
    // Killed before the receipt: asked twice (the first answer was lost with the process), filed once.
    expect(fachverfahren.requests).toBe(attempts);
    expect([...fachverfahren.filed.keys()]).toEqual([`handover:${caseId}`]);
    expect(test.vault.receipts.ofCase(caseId)[0]?.receipt).toMatchObject({ responseId: 'eingang-1' });
  }, 120_000);

  it('archives into the DMS folder once', async () => {
    const { test, folder } = workspace();
    const dms = join(folder, 'dms');
    const run = config('archive', { kind: 'hotFolder', path: dms }, folder);
    const { item, caseId } = await killedAndRestarted(test, run, killAt);
    expect(item).toMatchObject({ state: 'delivered', attempts });
    expect(visible(dms)).toHaveLength(1);
    expect(visible(dms)[0]).toContain(item.id);
    expect(test.vault.cases.row(caseId).status).toBe('archived');
  }, 120_000);

  it('uploads to the DMS once', async () => {
    const { test, folder } = workspace();
    const dms = await receiver();
    const run = config('archive', { kind: 'http', url: dms.url, tokenSecret: TOKEN.name }, folder);
    const { item, caseId } = await killedAndRestarted(test, run, killAt);
    expect(item).toMatchObject({ state: 'delivered', attempts });
    expect(dms.requests).toBe(attempts);
    // The package's ProzessID (the outbox item's id) is the key: the DMS filed one package.
    expect([...dms.filed.keys()]).toEqual([item.id]);
    expect(test.vault.cases.row(caseId).status).toBe('archived');
  }, 120_000);
});
