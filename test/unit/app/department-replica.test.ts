/**
 * Department mode's replica against a real department service (PostgreSQL, identity provider) and a real
 * vault: the person's cases and marked ones kept with their attachments, a case no longer theirs removed;
 * with the service stopped the case is read from the vault and a note, a Wiedervorlage and a notice draft
 * are queued, a hand-over prepared and refused, sealing is refused; a colleague changes the case meanwhile on another instance; when the
 * service is back the queue is replayed and the conflict kept with both versions, nothing typed lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../../main/api/contract';
import type { Dispatch } from '../../../main/api/dispatch';
import { createEventHub } from '../../../main/api/events';
import { type DepartmentReplica, departmentReplica } from '../../../main/app/department-replica';
import { createRemoteDispatch } from '../../../main/department/remote';
import type { HandoverPreview } from '../../../main/handover/api';
import { createLogger } from '../../../main/log/logger';
import { openPostgresStore } from '../../../main/postgres';
import type { DepartmentService } from '../../../main/server/service';
import { generateApplication } from '../../../platform/sender/application';
import { serviceEntry } from '../../../platform/services';
import type { Envelope } from '../../../shared/api/result';
import type { Connectivity, ReplicaState } from '../../../shared/replica/types';
import {
  accessToken,
  call,
  type ServiceTestBed,
  startServiceTestBed,
} from '../../support/department-service';
import { postgresPerFile } from '../../support/postgres';
import { noticeDraft } from '../../support/replica-fixtures';
import { attachmentIntake, openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';

const postgres = postgresPerFile();
let bed: ServiceTestBed;
let service: DepartmentService;
let other: DepartmentService;
let port: number;
let anna: string;
let tom: string;
let vault: TestVault;
let desk: DepartmentReplica;
let dispatch: Dispatch;
const told: Connectivity[] = [];
const events = createEventHub();
const PDF = Buffer.from('%PDF-1.7\n% Mietvertrag\n%%EOF\n');

beforeAll(async () => {
  bed = await startServiceTestBed(await postgres().database());
  service = await bed.start();
  other = await bed.start();
  port = Number(new URL(service.url).port);
  anna = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');
  tom = await accessToken(bed.demo.identityProvider.url, 'tom.becker');
  vault = openTestVault();
  const remote = createRemoteDispatch({
    url: service.url,
    accessToken: async () => anna,
    onUnauthorized: () => undefined,
    log: createLogger('test', () => undefined),
  });
  events.subscribe((name, payload) => {
    if (name === 'department.connectivity') told.push(payload as Connectivity);
  });
  desk = departmentReplica({
    remote,
    replica: vault.vault.replica,
    events,
    person: () => 'anna.schmidt',
    log: createLogger('test', () => undefined),
    now: () => new Date(),
  });
  dispatch = desk.dispatch;
}, 240_000);

afterAll(async () => {
  desk?.close();
  vault?.cleanup();
  await bed?.close();
  await bed?.database.drop();
});

const store = () =>
  openPostgresStore({ pool: bed.database.pool, department: 'buergerservice', masterKey: bed.masterKey });

async function value<T>(name: string, input: unknown): Promise<T> {
  const answer = (await dispatch(name, input, { transport: 'ipc' })) as Envelope<T>;
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.reason ?? ''}`);
  return answer.value;
}

/**
 * A new Wohnsitzanmeldung of the Bürgerservice (a service with a field mapping, so its hand-over record can be
 * previewed) with a PDF attachment, claimed by `token`'s person.
 */
async function newCase(token: string | null): Promise<string> {
  const s = store();
  const file = await s.attachments.write([PDF]);
  const application = await generateApplication('wohnsitzanmeldung');
  const { caseId } = await s.cases.storeIntake(
    sampleIntake({
      department: 'buergerservice',
      serviceIdentifier: serviceEntry('wohnsitzanmeldung').identifier,
      formData: application.data as Record<string, unknown>,
      attachments: [attachmentIntake(file)],
    }),
  );
  if (token) {
    for (const action of ['claim', 'accept']) {
      const before = (await call(service, 'cases.get', { id: caseId }, { token })).body as {
        value: CaseView;
      };
      const answer = await call(
        service,
        'cases.transition',
        { id: caseId, action, expectedVersion: before.value.case.version },
        { token },
      );
      expect(answer.body.ok).toBe(true);
    }
  }
  return caseId;
}

let mine = '';
let unassigned = '';

describe('the replica of department mode', () => {
  it('keeps the person’s cases with their attachments, and a marked one; not the others', async () => {
    mine = await newCase(anna);
    unassigned = await newCase(null);
    await desk.refresh();
    const { replica } = vault.vault;
    expect(replica.caseIds()).toEqual([mine]);
    const [attachment] = (replica.serviceView(mine) as unknown as { detail: CaseView }).detail.attachments;
    expect(replica.attachment(mine, attachment?.id as string)).toEqual(PDF);

    const marked = await value<ReplicaState>('replica.mark', { caseId: unassigned, offline: true });
    expect(marked).toMatchObject({ available: true, held: true, marked: true });
    const unmarked = await value<ReplicaState>('replica.mark', { caseId: unassigned, offline: false });
    expect(unmarked).toMatchObject({ held: false, marked: false });
    expect(replica.caseIds()).toEqual([mine]);
  }, 120_000);

  it('removes the replica of a case handed to a colleague, when its event arrives', async () => {
    const handed = await newCase(anna);
    await desk.refresh();
    expect(vault.vault.replica.caseIds()).toContain(handed);
    const view = await value<CaseView>('cases.get', { id: handed });
    const answer = await call(
      service,
      'team.hand',
      { id: handed, to: 'jan.koch', expectedVersion: view.case.version },
      { token: anna },
    );
    expect(answer.body.ok).toBe(true);
    events.emit('cases.changed', { ids: [handed] });
    await desk.refresh();
    expect(vault.vault.replica.caseIds()).not.toContain(handed);
  }, 120_000);

  it('offline: reads, queues a note, a Wiedervorlage and a draft, refuses sealing; back: conflict with both versions', async () => {
    const before = await value<CaseView>('cases.get', { id: mine });
    const handoverRecord = await value<HandoverPreview>('cases.handoverPreview', { id: mine });
    await service.close();

    // Read from the vault, attachment included.
    const read = await value<CaseView>('cases.get', { id: mine });
    expect(read.case.version).toBe(before.case.version);
    expect(told.at(-1)).toMatchObject({ online: false });
    const attachment = await value<{ base64: string }>('cases.attachment', {
      caseId: mine,
      attachmentId: read.attachments[0]?.id,
    });
    expect(Buffer.from(attachment.base64, 'base64')).toEqual(PDF);

    await value('cases.addNote', { id: mine, text: 'Offline: Mietvertrag geprüft, Unterschrift fehlt.' });
    await value('cases.transition', {
      id: mine,
      action: 'resubmit',
      expectedVersion: read.case.version,
      resubmitAt: '2026-12-20T08:00:00.000Z',
    });
    await value('notices.keepDraft', { caseId: mine, draft: noticeDraft });
    const offline = await value<CaseView>('cases.get', { id: mine });
    expect(offline.notes.map((note) => note.text)).toContain(
      'Offline: Mietvertrag geprüft, Unterschrift fehlt.',
    );
    expect(offline.followUp).toEqual({ kind: 'resubmission', at: '2026-12-20T08:00:00.000Z' });
    expect(await value('notices.keptDraft', { caseId: mine })).toEqual(noticeDraft);

    const seal = await dispatch('notices.seal', { caseId: mine, draft: noticeDraft }, { transport: 'ipc' });
    expect(seal).toMatchObject({ ok: false, error: { code: 'unavailable', reason: 'needs-service' } });
    // A hand-over is prepared offline (its dialog shows the record kept), and refused: it needs the service.
    expect(read.actions).toContain('handOver');
    expect(await value('cases.handoverPreview', { id: mine })).toEqual(handoverRecord);
    const handOver = await dispatch(
      'cases.transition',
      { id: mine, action: 'handOver', expectedVersion: read.case.version },
      { transport: 'ipc' },
    );
    expect(handOver).toMatchObject({ ok: false, error: { code: 'unavailable', reason: 'needs-service' } });
    expect((await value<ReplicaState>('replica.state', {})).queued).toBe(3);

    // Meanwhile Tom, the team lead, adds a note on another instance and gives the case to Jan.
    const tomsNote = await call(
      other,
      'cases.addNote',
      { id: mine, text: 'Bitte bis Freitag.' },
      { token: tom },
    );
    expect(tomsNote.body.ok).toBe(true);
    const toJan = await call(
      other,
      'cases.transition',
      { id: mine, action: 'reassign', expectedVersion: before.case.version, newAssignee: 'jan.koch' },
      { token: tom },
    );
    expect(toJan.body.ok).toBe(true);

    service = await bed.start({ port });
    desk.streamState('connected');
    await desk.refresh();

    const state = await value<ReplicaState>('replica.state', { caseId: mine });
    expect(state.queued).toBe(0);
    expect(state.conflicts.map((conflict) => conflict.command.action)).toEqual([
      'note',
      'followUp',
      'noticeDraft',
    ]);
    const [first] = state.conflicts;
    expect(first?.reason).toBe('not-assignee');
    expect(state.conflicts.slice(1).map((conflict) => conflict.reason)).toEqual([
      'earlier-conflict',
      'earlier-conflict',
    ]);
    // Both versions: the person's with their note, the service's with Tom's, now Jan's.
    expect(first?.service.responsible).toBe('jan.koch');
    expect(first?.theirs.notes.map((note) => note.text)).toContain(
      'Offline: Mietvertrag geprüft, Unterschrift fehlt.',
    );
    expect(first?.service.notes.map((note) => note.text)).toContain('Bitte bis Freitag.');
    expect(state.conflicts[2]?.theirs.noticeDraft).toEqual(noticeDraft);
    // Nothing of the person's reached the service while its version had moved on.
    const now = (await call(service, 'cases.get', { id: mine }, { token: anna })).body as { value: CaseView };
    expect(now.value.notes.map((note) => note.text)).toEqual(['Bitte bis Freitag.']);
  }, 180_000);

  it('a conflict settled by the person goes; the others stay until settled', async () => {
    const [first] = (await value<ReplicaState>('replica.state', {})).conflicts;
    const after = await value<ReplicaState>('replica.settle', { commandId: first?.command.commandId });
    expect(after.conflicts.map((conflict) => conflict.command.action)).toEqual(['followUp', 'noticeDraft']);
  }, 120_000);
});
