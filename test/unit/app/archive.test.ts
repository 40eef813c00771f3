/**
 * Archive and hand-over receipts through the app's dispatch: the demo environment (local platform, OpenID
 * provider, seal), a real sign-in, the encrypted vault, the outbox worker, the demo's DMS folder, a local
 * HTTP server as DMS and as Fachverfahren, and the local platform as the target of FIT-Connect forwarding.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CaseReceiptView } from '../../../main/api/contract';
import { ArchiveService } from '../../../main/archive/service';
import { type FileSystem, nodeFileSystem } from '../../../main/files/fs';
import { HandoverService } from '../../../main/handover/service';
import { Outbox } from '../../../main/outbox';
import {
  type DepartmentProfile,
  isWorkstationProfile,
  type StoredDepartmentProfile,
} from '../../../main/profile/types';
import { serviceEntry } from '../../../platform/services';
import type { Envelope } from '../../../shared/api/result';
import type { CaseIntake, JsonObject } from '../../../shared/cases/types';
import type { CaseAction } from '../../../shared/cases/workflow';
import { callValue } from '../../support/app';
import { createDeskTestApp, type DeskTestApp } from '../../support/desk-app';
import { L, readZip, SCHEMA, validateXml, xpathTexts } from '../archive/support';

const DEPARTMENT = 'buergerservice';
const ctx = { transport: 'http' as const };
let desk: DeskTestApp;
let demoProfile: DepartmentProfile;
const servers: Server[] = [];
const temps: string[] = [];

async function call<T>(name: string, input: unknown = {}): Promise<Envelope<T>> {
  return (await desk.app.dispatch(name, input, ctx)) as Envelope<T>;
}
const value = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(desk.app, name, input);

async function waitFor<T>(probe: () => T | null | undefined | Promise<T | null | undefined>): Promise<T> {
  const until = Date.now() + 60_000;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const view = (id: string) => value('cases.get', { id });

/** The case's delivery of `kind` once it is delivered, failed, or retrying (as `until` asks). */
function settled(
  id: string,
  kind: CaseReceiptView['kind'],
  until: CaseReceiptView['state'][] = ['delivered', 'failed'],
) {
  return waitFor(async () =>
    (await view(id)).receipts.find((r) => r.kind === kind && until.includes(r.state)),
  );
}

/** Cases of the department not yet touched, oldest first. */
async function freshCases(count: number): Promise<string[]> {
  const list = await value('cases.list', {
    status: ['new'],
    sort: { column: 'receivedAt', dir: 'asc' },
    limit: count,
  });
  if (list.rows.length < count) throw new Error('not enough new cases');
  return list.rows.map((row) => row.id);
}

async function transition(id: string, action: CaseAction, extra: object = {}): Promise<void> {
  const current = await view(id);
  await value('cases.transition', { id, action, expectedVersion: current.case.version, ...extra });
}

async function rejectedCase(id: string): Promise<void> {
  await transition(id, 'claim');
  await transition(id, 'reject', { rejection: { problem: 'missing-authentication', text: '' } });
}

/** Claimed, accepted, a Bescheid sealed with the demo seal and sent by post: `notice_sent`. */
async function noticeSentCase(id: string): Promise<void> {
  await transition(id, 'claim');
  await transition(id, 'accept');
  const templates = await value('notices.templates');
  const template = templates.find((candidate) => candidate.kind === 'approval') ?? templates[0];
  if (!template) throw new Error('no notice template');
  const draft = await value('notices.draft', { caseId: id, templateId: template.id });
  const fill = (text: string) => text.replace(/\[fehlt: [^\]\n]+\]/g, 'Angabe');
  const filled = {
    ...draft,
    recipient: draft.recipient.map(fill),
    title: fill(draft.title),
    paragraphs: draft.paragraphs.map((paragraph) => ({ ...paragraph, text: fill(paragraph.text) })),
    missingFields: [],
  };
  const notice = await value('notices.seal', { caseId: id, draft: filled });
  await value('notices.send', { noticeId: notice.id, channel: 'post' });
  // Archiving waits until the Bescheid is out: printed and posted here.
  await value('notices.markPosted', { noticeId: notice.id });
}

/** Re-imports the demo profile of the Bürgerservice with some settings changed. */
async function reimport(changes: Partial<DepartmentProfile>): Promise<StoredDepartmentProfile> {
  const stored = await desk.app.workstation.importProfile(
    { ...demoProfile, ...changes },
    join(desk.dir, 'demo'),
  );
  if (!isWorkstationProfile(stored)) throw new Error('the demo profile sets up this workstation');
  return stored;
}

function demoFolder(target: 'handover' | 'archive'): string {
  const stored = desk.app.workstation.profileOfDepartment(DEPARTMENT)[target];
  if (stored.kind !== 'hotFolder') throw new Error(`demo ${target} is a hot folder`);
  return stored.path;
}

interface Receiver {
  url: string;
  requests: { headers: IncomingMessage['headers']; bytes: number }[];
  answer: { status: number; body: object };
}

/** A local HTTP endpoint (DMS or Fachverfahren) whose answer the test sets. */
async function receiver(status: number, body: object): Promise<Receiver> {
  const state: Receiver = { url: '', requests: [], answer: { status, body } };
  const server = createServer(async (request, response) => {
    let bytes = 0;
    for await (const chunk of request) bytes += (chunk as Buffer).length;
    state.requests.push({ headers: request.headers, bytes });
    response.writeHead(state.answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(state.answer.body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/import`;
  return state;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ad-archive-'));
  temps.push(dir);
  return dir;
}

/** Entries of a folder an importer would see (no hidden temp files) and those it would not. */
function listing(dir: string): { visible: string[]; hidden: string[] } {
  const names = readdirSync(dir);
  return { visible: names.filter((n) => !n.startsWith('.')), hidden: names.filter((n) => n.startsWith('.')) };
}

beforeAll(async () => {
  desk = await createDeskTestApp({ cases: 16, seed: 23, withAttachments: 16, user: 'tom.becker' });
  const environment = await desk.app.startDemo();
  const profile = environment.profiles.find((candidate) => candidate.department.id === DEPARTMENT);
  if (!profile) throw new Error('no demo profile of the Bürgerservice');
  demoProfile = profile;
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  await desk?.close();
});

describe('archiving through the app', () => {
  it('archives a case with a sealed notice into the DMS folder as a valid xdomea 0605 package', async () => {
    const [id] = await freshCases(1);
    if (!id) throw new Error('no case');
    await noticeSentCase(id);
    expect((await view(id)).case.status).toBe('notice_sent');
    await transition(id, 'archive');
    // Until the DMS has the package the case keeps its status and shows the archive as under way.
    const pending = await view(id);
    expect(pending.actions).not.toContain('archive');

    const receipt = await settled(id, 'archive');
    expect(receipt).toMatchObject({ state: 'delivered', errorCode: null });
    const archived = await view(id);
    expect(archived.case.status).toBe('archived');
    const fileName = String(receipt.receipt?.fileName);
    expect(fileName).toMatch(/^[0-9a-f-]{36}_FVDaten\.SGOAblegen\.0605\.zip$/);
    const zipPath = join(demoFolder('archive'), fileName);
    expect(listing(demoFolder('archive')).hidden).toEqual([]);

    const entries = await readZip(zipPath);
    const processId = String(receipt.receipt?.processId);
    const message = entries.get(`${processId}_FVDaten.SGOAblegen.0605.xml`)?.toString('utf8');
    if (!message) throw new Error('no message in the package');
    expect(validateXml(message).valid).toBe(true);
    // The official schema (shipped in assets/standards, identical to ../shared/standards), offline.
    const file = join(tempDir(), 'message.xml');
    writeFileSync(file, message);
    const xmllint = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, file]);
    expect(xmllint.status).toBe(0);

    // Every Dateiname is in the ZIP, and the manifest's SHA-256 matches each entry.
    const names = xpathTexts(message, `//${L('Dateiname')}/text()`);
    const manifest = entries.get(`${processId}_Pruefsummen.sha256`)?.toString('utf8') ?? '';
    const hashes = new Map(
      manifest
        .trim()
        .split('\n')
        .map((line) => line.split('  ').reverse() as [string, string]),
    );
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) {
      const content = entries.get(name);
      expect(content, name).toBeDefined();
      expect(hashes.get(name)).toBe(sha256(content as Buffer));
    }
    // Antragsübersicht, data, every attachment, the sealed notice (marked as sealed), the report.
    const types = xpathTexts(message, `//${L('Dokument')}/${L('Typ')}/text()`);
    expect(types).toEqual(expect.arrayContaining(['Antrag', 'Antragsdaten', 'Bescheid', 'Prüfprotokoll']));
    expect(types.filter((type) => type === 'Anlage')).toHaveLength(archived.attachments.length);
    expect(xpathTexts(message, `//${L('SignaturSiegelEingebettet')}/text()`)).toEqual(['1']);
    // The receipt keeps the hashes (and no document names) on the case.
    const files = receipt.receipt?.files as { sha256: string; kind: string }[];
    expect(files.map((f) => f.kind)).toContain('notice');
    expect(JSON.stringify(receipt.receipt)).not.toContain(archived.case.applicantName);
    expect(archived.history.map((h) => h.action)).toEqual(
      expect.arrayContaining(['case.archive', 'case.archiveDelivery']),
    );
    expect((await desk.app.store.audit.verify()).ok).toBe(true);
  });

  it('archives three selected cases at once from the bulk bar', async () => {
    const ids = await freshCases(3);
    for (const id of ids) await rejectedCase(id);
    const bulk = await value('cases.bulkTransition', {
      ids,
      action: 'archive',
    });
    expect(bulk.results.every((result) => result.ok)).toBe(true);
    const receipts = await Promise.all(ids.map((id) => settled(id, 'archive')));
    expect(receipts.map((r) => r.state)).toEqual(['delivered', 'delivered', 'delivered']);
    for (const [index, id] of ids.entries()) {
      expect((await view(id)).case.status).toBe('archived');
      expect(existsSync(join(demoFolder('archive'), String(receipts[index]?.receipt?.fileName)))).toBe(true);
    }
  });

  it('uploads to a DMS over HTTP: a 4xx fails with its reason on the case, a 5xx is retried', async () => {
    const dms = await receiver(400, { detail: 'refused' });
    await reimport({ archive: { kind: 'http', url: dms.url, token: 'dms-token' } });
    try {
      const [refused, busy] = await freshCases(2);
      if (!refused || !busy) throw new Error('no cases');
      await rejectedCase(refused);
      await transition(refused, 'archive');
      const failed = await settled(refused, 'archive');
      expect(failed).toMatchObject({ state: 'failed', errorCode: 'upload-rejected' });
      expect(failed.errorMessage).toContain('HTTP 400');
      expect((await view(refused)).case.status).toBe('rejected');
      expect(dms.requests[0]?.headers.authorization).toBe('Bearer dms-token');

      dms.answer = { status: 503, body: {} };
      await rejectedCase(busy);
      await transition(busy, 'archive');
      const retrying = await settled(busy, 'archive', ['retrying']);
      expect(retrying).toMatchObject({ errorCode: 'upload-unavailable' });
      expect(retrying.nextAttemptAt).not.toBeNull();
      dms.answer = { status: 201, body: { id: 'dms-import-4711' } };
      const delivered = await settled(busy, 'archive', ['delivered']);
      expect(delivered.receipt).toMatchObject({ target: 'http', status: 201, responseId: 'dms-import-4711' });
      expect((await view(busy)).case.status).toBe('archived');
      // Every attempt sent the same package: the same ProzessID as idempotency key.
      const keys = new Set(dms.requests.slice(1).map((r) => r.headers['idempotency-key']));
      expect([...keys]).toEqual([delivered.receipt?.processId]);
      // The plain package was staged for the upload only.
      expect(readdirSync(join(desk.dir, 'archive-staging'))).toEqual([]);

      // A person's retry of the refused one, once the DMS accepts: it goes through.
      if (!failed.outboxItemId) throw new Error('no outbox item');
      await value('outbox.retry', { id: failed.outboxItemId });
      expect(await settled(refused, 'archive', ['delivered'])).toMatchObject({ state: 'delivered' });
    } finally {
      await reimport({});
    }
  });

  it('an unwritable DMS folder leaves nothing behind and a clear, retried error on the case', async () => {
    const parent = tempDir();
    await reimport({ archive: { kind: 'hotFolder', path: join(parent, 'missing', 'dms') } });
    try {
      const [id] = await freshCases(1);
      if (!id) throw new Error('no case');
      await rejectedCase(id);
      await transition(id, 'archive');
      const retrying = await settled(id, 'archive', ['retrying']);
      expect(retrying.errorCode).toBe('target-not-writable');
      expect(readdirSync(parent)).toEqual([]);
      expect((await view(id)).case.status).toBe('rejected');
    } finally {
      await reimport({});
    }
  });

  it('a path-traversal file name stays inside the package under a safe name', async () => {
    const [id] = await freshCases(1);
    if (!id) throw new Error('no case');
    const folder = demoFolder('archive');
    storeAgain(id, {}, [
      {
        attachmentId: '5a0d1f6e-3b4c-4e8f-9a7b-2c1d0e9f8a7b',
        filename: '../../../../outside/../../Bescheid.pdf',
        mimeType: 'application/pdf',
        purpose: 'attachment',
        file: await desk.app.vault.attachments.write([Buffer.from('%PDF-1.7\n%%EOF\n')]),
      },
    ]);
    await rejectedCase(id);
    await transition(id, 'archive');
    const receipt = await settled(id, 'archive');
    expect(receipt.state).toBe('delivered');
    const entries = [...(await readZip(join(folder, String(receipt.receipt?.fileName)))).keys()];
    expect(entries.some((name) => name.includes('/') || name.includes('\\') || name.includes('..'))).toBe(
      false,
    );
    expect(entries.some((name) => name.endsWith('_Bescheid.pdf'))).toBe(true);
    expect(existsSync(join(folder, '..', 'outside'))).toBe(false);
  });

  it('a write failing half-way publishes no partial package; the error shows on the case and a retry delivers', async () => {
    const [id] = await freshCases(1);
    if (!id) throw new Error('no case');
    await rejectedCase(id);
    // The app's worker pauses; a second worker over the same vault writes through a disk that fails.
    await desk.app.outbox.stop();
    const failing = new Outbox({ store: desk.app.store });
    try {
      await transition(id, 'archive');
      const service = new ArchiveService({
        store: desk.app.store,
        auditHead: () => desk.app.vault.auditHead(),
        secretStore: { get: async () => null, put: async () => undefined, delete: async () => undefined },
        profileFor: (department) => desk.app.workstation.profileOfDepartment(department),
        profiles: () => desk.app.workstation.workstationProfiles(),
        summaryPdf: async () => new Uint8Array(Buffer.from('%PDF-1.7\n%%EOF\n')),
        appVersion: 'test',
        stagingDir: join(desk.dir, 'archive-staging'),
        fs: failingAfter(512),
        now: () => new Date(),
      });
      failing.register('archive', service.deliver);
      // The unwritable-folder case of the test before may be due again too: it fails here as well.
      expect(await failing.processDue()).toBeGreaterThanOrEqual(1);
      const retrying = (await view(id)).receipts.find((r) => r.kind === 'archive');
      expect(retrying).toMatchObject({ state: 'retrying', errorCode: 'write-failed' });
      expect(retrying?.errorMessage).toContain('EIO');
      const { hidden } = listing(demoFolder('archive'));
      expect(hidden).toEqual([]);
      const before = listing(demoFolder('archive')).visible;
      expect(before.some((name) => name.startsWith(String(retrying?.outboxItemId)))).toBe(false);
    } finally {
      await failing.stop();
      desk.app.outbox.start();
    }
    const delivered = await settled(id, 'archive', ['delivered']);
    expect(existsSync(join(demoFolder('archive'), String(delivered.receipt?.fileName)))).toBe(true);
    expect((await view(id)).case.status).toBe('archived');
  });
});

describe('hand-over receipts', () => {
  /** Claims, accepts and hands over the next new case; `prepare` runs first (e.g. to set the target). */
  async function handedOver(prepare: (id: string) => Promise<void> = async () => undefined): Promise<string> {
    const [id] = await freshCases(1);
    if (!id) throw new Error('no case');
    withReceivedMetadata(id);
    await prepare(id);
    await transition(id, 'claim');
    await transition(id, 'accept');
    await transition(id, 'handOver');
    return id;
  }

  it('stores the hot folder directory of the hand-over on the case', async () => {
    const id = await handedOver();
    const receipt = await settled(id, 'handover');
    expect(receipt).toMatchObject({ state: 'delivered', receipt: { adapter: 'hot-folder' } });
    // "übergeben" once the folder has it.
    expect((await view(id)).case.status).toBe('handed_over');
    const directory = String(receipt.receipt?.directory);
    expect(readdirSync(join(demoFolder('handover'), directory))).toContain('manifest.json');
  });

  it('takes a delivery whose receipt is stored as done, without asking the target again', async () => {
    const id = await handedOver();
    const receipt = await settled(id, 'handover');
    const item = (await desk.app.outbox.list({ caseId: id })).find((entry) => entry.type === 'handover');
    if (!item) throw new Error('no hand-over item');
    // As after a crash between storing the receipt and marking the item delivered.
    const handover = new HandoverService({
      store: desk.app.store,
      secretStore: { get: async () => null, put: async () => undefined, delete: async () => undefined },
      mappings: new Map(),
      profileFor: () => {
        throw new Error('the target was asked again');
      },
      outbox: desk.app.outbox,
    });
    expect(await handover.deliver({ ...item, type: 'handover', payload: { caseId: id } })).toEqual({
      kind: 'delivered',
      receipt: receipt.receipt,
      repeat: true,
    });
  });

  it('stores the response id of the Fachverfahren’s HTTP endpoint on the case', async () => {
    const fachverfahren = await receiver(201, { id: 'fv-2025-0815' });
    await reimport({ handover: { kind: 'http', url: fachverfahren.url, token: 'fv-token' } });
    try {
      const id = await handedOver();
      const receipt = await settled(id, 'handover');
      expect(receipt).toMatchObject({
        state: 'delivered',
        receipt: { adapter: 'http', status: 201, responseId: 'fv-2025-0815' },
      });
      expect(fachverfahren.requests[0]?.headers.authorization).toBe('Bearer fv-token');
    } finally {
      await reimport({});
    }
  });

  it('forwards over FIT-Connect to the Fachverfahren’s destination and stores the submission id', async () => {
    const { platform } = desk;
    let destinationId = '';
    try {
      // The Fachverfahren's destination on the local platform: one that offers the case's service.
      const id = await handedOver(async (caseId) => {
        const { serviceIdentifier } = desk.app.vault.cases.get(caseId).case;
        const destination = platform.demo.departments
          .flatMap((department) => department.destinations)
          .find((candidate) =>
            candidate.services.some((s) => serviceEntry(s).identifier === serviceIdentifier),
          );
        if (!destination) throw new Error('no destination offers the service');
        destinationId = destination.destinationId;
        await reimport({
          handover: {
            kind: 'fitconnect',
            destinationId,
            clientId: platform.demo.sender.clientId,
            clientSecret: platform.demo.sender.clientSecret,
          },
        });
      });
      const receipt = await settled(id, 'handover');
      expect(receipt.errorMessage).toBeNull();
      expect(receipt).toMatchObject({
        state: 'delivered',
        receipt: { adapter: 'fit-connect', destinationId },
      });
      expect(String(receipt.receipt?.submissionId)).toMatch(/^[0-9a-f-]{36}$/);
      // The client secret went into the vault's key store, not into the plain settings.
      expect(JSON.stringify(desk.app.workstation.profileOfDepartment(DEPARTMENT))).not.toContain(
        platform.demo.sender.clientSecret,
      );
    } finally {
      await reimport({});
    }
  });

  it('a mapping naming a field the application lacks refuses the preview and fails the hand-over on the case', async () => {
    const [id] = await freshCases(1);
    if (!id) throw new Error('no case');
    await transition(id, 'claim');
    await transition(id, 'accept');
    storeAgain(id, { data: '{}' });
    const preview = await call('cases.handoverPreview', { id });
    expect(preview).toMatchObject({ ok: false, error: { reason: 'mapping-missing-field' } });
    await transition(id, 'handOver');
    const receipt = await settled(id, 'handover');
    expect(receipt).toMatchObject({ state: 'failed', errorCode: 'mapping-missing-field' });
    expect((await view(id)).case.status).toBe('accepted');
    // Which field is named, never its (absent) value.
    expect(receipt.errorMessage).toMatch(/from \/[a-z]/);
  });

  it('a refused hand-over (HTTP 4xx) fails with its reason on the case', async () => {
    const fachverfahren = await receiver(422, { type: 'urn:fv:invalid', title: 'Pflichtfeld fehlt' });
    await reimport({ handover: { kind: 'http', url: fachverfahren.url, token: 'fv-token' } });
    try {
      const id = await handedOver();
      const receipt = await settled(id, 'handover');
      expect(receipt).toMatchObject({ state: 'failed', errorCode: 'http-client-error' });
      expect(receipt.errorMessage).toContain('HTTP 422');
      // The case does not claim what did not happen: still accepted, the failed hand-over on it to retry,
      // and no second hand-over beside it.
      const failed = await view(id);
      expect(failed.case.status).toBe('accepted');
      expect(failed.actions).not.toContain('handOver');
      expect(
        await call('cases.transition', { id, action: 'handOver', expectedVersion: failed.case.version }),
      ).toMatchObject({ ok: false, error: { reason: 'handover-underway' } });

      fachverfahren.answer = { status: 201, body: { id: 'fv-2025-0999' } };
      if (!receipt.outboxItemId) throw new Error('no outbox item');
      await value('outbox.retry', { id: receipt.outboxItemId });
      expect(await settled(id, 'handover', ['delivered'])).toMatchObject({
        receipt: { responseId: 'fv-2025-0999' },
      });
      expect((await view(id)).case.status).toBe('handed_over');
      expect(fachverfahren.requests).toHaveLength(2);
    } finally {
      await reimport({});
    }
  });
});

describe('retention', () => {
  it('purges an archived case after its retention: a stub remains, the data is gone, the audit chain holds', async () => {
    const [id] = await freshCases(1);
    if (!id) throw new Error('no case');
    const marker = `purgemarker${Date.now()}`;
    await withMarker(id, marker);
    await rejectedCase(id);
    await value('cases.addNote', { id, text: `Notiz ${marker}` });
    const before = await view(id);
    expect((await value('cases.list', { text: marker })).rows.map((r) => r.id)).toEqual([id]);
    expect(vaultTablesHolding(marker).length).toBeGreaterThan(0);
    const storedFiles = before.attachments.map((a) => a.id);
    const attachmentsDir = join(desk.dir, 'vault', 'attachments');
    for (const file of storedFiles) expect(existsSync(join(attachmentsDir, file))).toBe(true);
    await transition(id, 'archive');
    const archive = await settled(id, 'archive', ['delivered']);

    // Without a retention setting nothing is purged.
    expect(await value('archive.purgeDue')).toEqual({ purged: 0, failed: 0 });
    await reimport({ retention: { purgeAfterDays: 0 } });
    try {
      // A case worker may not purge; the Teamleitung may.
      await desk.signInAs('anna.schmidt');
      expect(await call('archive.purgeDue')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await desk.signInAs('tom.becker');
      const result = await value('archive.purgeDue');
      expect(result.failed).toBe(0);
      expect(result.purged).toBeGreaterThanOrEqual(1);
    } finally {
      await reimport({});
    }

    const stub = await view(id);
    expect(stub.purge).toMatchObject({ archivedAt: archive.deliveredAt });
    expect(stub.case).toMatchObject({ id, fileReference: before.case.fileReference, status: 'archived' });
    expect(stub.case.serviceName).toBe(before.case.serviceName);
    expect(stub.case.applicantName).toBe('');
    expect(stub.submissions).toEqual([]);
    expect(stub.attachments).toEqual([]);
    expect(stub.notes).toEqual([]);
    expect(stub.receipts.find((r) => r.kind === 'archive')?.receipt).toEqual(archive.receipt);
    expect(stub.history.map((h) => h.action)).toContain('case.purge');

    // Nothing of it is left in the vault: not in a table, not in the search index, not as a file.
    expect(vaultTablesHolding(marker)).toEqual([]);
    expect((await value('cases.list', { text: marker })).total).toBe(0);
    for (const file of storedFiles) expect(existsSync(join(attachmentsDir, file))).toBe(false);
    expect((await desk.app.store.audit.verify()).ok).toBe(true);
    // The DMS's copy is not the vault's business: it stays as delivered.
    expect(readFileSync(join(demoFolder('archive'), String(archive.receipt?.fileName))).length).toBe(
      archive.receipt?.bytes,
    );
  });
});

/** Puts `marker` into the case's form data, its applicant name and a new attachment (name and content). */
async function withMarker(id: string, marker: string): Promise<void> {
  const submission = desk.app.vault.cases.get(id).submissions[0];
  if (!submission) throw new Error('no submission');
  const data = { ...(JSON.parse(submission.data) as object), bemerkung: `Bitte beachten: ${marker}` };
  storeAgain(id, { applicantName: `Erika ${marker}`, data: JSON.stringify(data) }, [
    {
      attachmentId: '0b8f5c8e-94a4-4d57-9d8b-1d2a3f4e5a6b',
      filename: `${marker}.txt`,
      mimeType: 'text/plain',
      purpose: 'attachment',
      file: await desk.app.vault.attachments.write([Buffer.from(`Inhalt ${marker}`)]),
    },
  ]);
}

/**
 * The seeded cases carry a shortened metadata document; forwarding re-sends the metadata and checks it
 * against the FIT-Connect schema, so the case gets the full data reference a received submission has.
 */
function withReceivedMetadata(id: string): void {
  const submission = desk.app.vault.cases.get(id).submissions[0];
  if (!submission) throw new Error('no submission');
  const metadata = {
    ...submission.metadata,
    contentStructure: {
      data: { submissionSchema: { schemaUri: submission.submissionSchemaUri, mimeType: 'application/json' } },
      attachments: [],
    },
  };
  storeAgain(id, { metadata });
}

/** Stores the case's first submission again (as sync does when a submission changes), with changes. */
function storeAgain(
  id: string,
  change: { applicantName?: string; data?: string; metadata?: JsonObject },
  attachments: CaseIntake['attachments'] = [],
): void {
  const { vault } = desk.app;
  const detail = vault.cases.get(id);
  const submission = detail.submissions[0];
  if (!submission) throw new Error('no submission');
  const row = detail.case;
  vault.cases.storeIntake({
    case: {
      fitCaseId: row.fitCaseId,
      department: row.department,
      destinationId: row.destinationId,
      serviceName: row.serviceName,
      serviceIdentifier: row.serviceIdentifier,
      applicantName: change.applicantName ?? row.applicantName,
      receivedAt: row.receivedAt,
      deadlineAt: row.deadlineAt,
      verification: row.verification,
      replyChannel: row.replyChannel,
      levelOfAssurance: row.levelOfAssurance,
      paymentStatus: row.paymentStatus,
    },
    submission: {
      ...submission,
      ...(change.data === undefined ? {} : { data: change.data }),
      ...(change.metadata === undefined ? {} : { metadata: change.metadata }),
    },
    attachments,
  });
}

/** Every vault table with a row whose text (BLOBs read as bytes) contains `marker`. */
function vaultTablesHolding(marker: string): string[] {
  return desk.app.vault.transaction(({ db }) => {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all() as { name: string }[];
    return tables
      .map(({ name }) => name)
      .filter((name) => {
        const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
        // BLOBs (e.g. the search index's segments) are read as bytes, not as JSON number lists.
        const text = rows
          .flatMap((row) => Object.values(row))
          .map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v)))
          .join('\n');
        return text.includes(marker);
      });
  });
}

/** A disk that fails (EIO) once `limit` bytes of a new file were written: the write stops half-way. */
function failingAfter(limit: number): FileSystem {
  return {
    ...nodeFileSystem,
    open: async (path, flags) => {
      const handle = await nodeFileSystem.open(path, flags);
      if (flags !== 'wx') return handle;
      return {
        ...handle,
        sync: () => handle.sync(),
        close: () => handle.close(),
        writeFile: async (data) => {
          let written = 0;
          const chunks = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
          for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            if (written + bytes.length > limit) {
              await handle.writeFile(bytes.subarray(0, Math.max(0, limit - written)));
              throw Object.assign(new Error('i/o error'), { code: 'EIO' });
            }
            await handle.writeFile(bytes);
            written += bytes.length;
          }
        },
      };
    },
  };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
