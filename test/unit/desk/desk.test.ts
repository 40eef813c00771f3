import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CaseView } from '../../../main/api/contract';
import type { Envelope } from '../../../shared/api/result';
import type { CaseAction } from '../../../shared/cases/workflow';
import { callValue } from '../../support/app';
import { createDeskTestApp, type DeskTestApp } from '../../support/desk-app';

let desk: DeskTestApp;
const ctx = { transport: 'http' as const };
const call = async <T>(name: string, input: unknown = {}): Promise<Envelope<T>> =>
  (await desk.app.dispatch(name, input, ctx)) as Envelope<T>;
const value = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(desk.app, name, input);

// A fresh desk for every test, so none depends on what another claimed, accepted or saved before it.
beforeEach(async () => {
  desk = await createDeskTestApp({ cases: 12, seed: 7, withAttachments: 3 });
});
afterEach(() => desk?.close());

describe('the desk through the API', () => {
  it('lists the department’s cases for the signed-in case worker', async () => {
    const list = await value('cases.list', { sort: { column: 'receivedAt', dir: 'desc' } });
    expect(list.total).toBe(12);
    expect(list.rows.every((row) => row.status === 'new')).toBe(true);
    const services = await value('cases.services');
    expect(services.reduce((sum, s) => sum + s.count, 0)).toBe(12);
  });

  it('claims, accepts formally (no FIT-Connect event: the receipt went at intake) and records history', async () => {
    const [first] = (await value('cases.list', { limit: 1 })).rows;
    if (!first) throw new Error('no case');
    const claimed = await value('cases.transition', {
      id: first.id,
      action: 'claim',
      expectedVersion: first.version,
    });
    expect(claimed.status).toBe('in_review');
    // The Aktenzeichen comes from the demo profile's pattern BS-{service}-{yyyy}-{seq:5} at the first claim.
    expect((claimed as unknown as { fileReference: string }).fileReference).toMatch(
      /^BS-[A-Z]{2,4}-\d{4}-00001$/,
    );
    const accepted = await value('cases.transition', {
      id: first.id,
      action: 'accept',
      expectedVersion: claimed.version,
    });
    expect(accepted.status).toBe('accepted');
    const view = await value('cases.get', { id: first.id });
    expect(view.history.map((entry) => entry.action)).toEqual(['case.claim', 'case.accept']);
    expect(view.actions).toContain('handOver');
    const items = await value('outbox.list');
    expect(items.filter((item) => item.type === 'fitconnect.event')).toEqual([]);
    expect((await desk.app.store.audit.verify()).ok).toBe(true);
  });

  it('labels no FIT-Connect pickup deadline once the technical receipt went out: the Bearbeitungsfrist only', async () => {
    const [first] = (await value('cases.list', { limit: 1 })).rows;
    if (!first) throw new Error('no case');
    expect(first.verification).toBe('passed');
    const view = await value('cases.get', { id: first.id });
    expect(view.deadline?.kind).toBe('processing');
    expect(Date.parse(view.deadline?.at ?? '')).toBeGreaterThan(Date.parse(first.receivedAt));
  });

  it('previews the hand-over record and delivers it into the Fachverfahren folder through the outbox', async () => {
    const [first] = (await value('cases.list', { limit: 1 })).rows;
    if (!first) throw new Error('no case');
    const claimed = await value('cases.transition', {
      id: first.id,
      action: 'claim',
      expectedVersion: first.version,
    });
    const accepted = await value('cases.transition', {
      id: first.id,
      action: 'accept',
      expectedVersion: claimed.version,
    });
    const preview = await value('cases.handoverPreview', {
      id: accepted.id,
    });
    expect(preview.text.length).toBeGreaterThan(20);
    await value('cases.transition', {
      id: accepted.id,
      action: 'handOver',
      expectedVersion: accepted.version,
    });
    const delivered = await waitFor(async () => {
      const item = (await desk.app.outbox.list({ caseId: accepted.id })).find((i) => i.type === 'handover');
      return item?.state === 'delivered' || item?.state === 'failed' ? item : null;
    });
    expect(delivered.state).toBe('delivered');
    const folder = desk.app.workstation.profileOfDepartment('buergerservice').handover;
    if (folder.kind !== 'hotFolder') throw new Error('demo hand-over is a hot folder');
    const [directory] = readdirSync(folder.path).filter((name) => !name.startsWith('.'));
    if (!directory) throw new Error('no record directory');
    const files = readdirSync(join(folder.path, directory));
    expect(files).toContain('manifest.json');
    expect(files).toContain(preview.fileName);
    expect(readFileSync(join(folder.path, directory, preview.fileName), 'utf8')).toBe(preview.text);
  });

  it('refuses an invalid transition and a stale version with clear errors', async () => {
    const [row] = (await value('cases.list', { status: ['new'], limit: 1 })).rows;
    if (!row) throw new Error('no case');
    const invalid = await call('cases.transition', {
      id: row.id,
      action: 'archive',
      expectedVersion: row.version,
    });
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'invalid-transition', reason: 'wrong-status' },
    });
    const stale = await call('cases.transition', {
      id: row.id,
      action: 'claim',
      expectedVersion: row.version + 5,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'version-conflict' } });
  });

  it('answers a bulk transition per case with the code a single transition would give', async () => {
    const rows = (await value('cases.list', { status: ['new'], limit: 2 })).rows;
    const [fresh, done] = rows;
    if (!fresh || !done) throw new Error('two new cases needed');
    await value('cases.transition', { id: done.id, action: 'claim', expectedVersion: done.version });
    const missing = '00000000-0000-4000-8000-000000000000';
    const bulk = await value('cases.bulkTransition', {
      ids: [fresh.id, done.id, missing],
      action: 'claim',
    });
    expect(bulk.results).toEqual([
      { id: fresh.id, ok: true },
      { id: done.id, ok: false, error: { code: 'invalid-transition', reason: 'wrong-status' } },
      { id: missing, ok: false, error: { code: 'not-found', reason: 'case-not-found' } },
    ]);
  });

  it('a case worker cannot reassign, even through the API', async () => {
    const [row] = (await value('cases.list', { status: ['new'], limit: 1 })).rows;
    if (!row) throw new Error('no new case');
    const claimed = await value('cases.transition', {
      id: row.id,
      action: 'claim',
      expectedVersion: row.version,
    });
    const attempt = await call('cases.transition', {
      id: row.id,
      action: 'reassign',
      expectedVersion: claimed.version,
      newAssignee: 'lea.wagner',
    });
    expect(attempt).toMatchObject({
      ok: false,
      error: { code: 'invalid-transition', reason: 'team-lead-only' },
    });
  });

  it('reads a verified attachment and refuses one of another case', async () => {
    const list = await value('cases.list', {
      sort: { column: 'receivedAt', dir: 'asc' },
      limit: 50,
    });
    let withAttachment: CaseView | null = null;
    for (const row of list.rows) {
      const view = await value('cases.get', { id: row.id });
      if (view.attachments.length > 0) withAttachment = view;
    }
    if (!withAttachment) throw new Error('no case with attachments');
    const attachment = withAttachment.attachments[0];
    if (!attachment) throw new Error('no attachment');
    const content = await value('cases.attachment', {
      caseId: withAttachment.case.id,
      attachmentId: attachment.id,
    });
    expect(Buffer.from(content.base64, 'base64').length).toBe(attachment.size);
    const other = list.rows.find((row) => row.id !== withAttachment?.case.id);
    const refused = await call('cases.attachment', { caseId: other?.id, attachmentId: attachment.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('an Ordnungsamt user sees none of the Bürgerservice’s cases, not even by id', async () => {
    const [row] = (await value('cases.list', { limit: 1 })).rows;
    await desk.signInAs('lea.wagner');
    try {
      expect((await value('cases.list')).total).toBe(0);
      expect(await call('cases.get', { id: row?.id })).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      });
    } finally {
      await desk.signInAs('anna.schmidt');
    }
  });

  it('scopes the outbox to the case worker’s department: another department sees, counts and retries none of it', async () => {
    const [row] = (await value('cases.list', { limit: 1 })).rows;
    if (!row) throw new Error('no case');
    // An item of the case, whatever becomes of it: enough to be listed, counted and refused.
    await desk.app.store.transaction((tx) =>
      desk.app.outbox.enqueue(tx, {
        type: 'zbp.status',
        idempotencyKey: 'scope-test',
        payload: { caseId: row.id, status: 'PROCESSING' },
        caseId: row.id,
      }),
    );
    const ours = await value('outbox.list');
    expect(ours.length).toBeGreaterThan(0);
    const counts = await value('outbox.counts');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(ours.length);
    await desk.signInAs('lea.wagner');
    try {
      expect(await value('outbox.list')).toEqual([]);
      expect(await value('outbox.counts')).toEqual({ pending: 0, inFlight: 0, delivered: 0, failed: 0 });
      expect(await call('outbox.retry', { id: ours[0]?.id })).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      });
      await desk.signInAs('admin');
      expect(await call('outbox.counts')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await value('session.signOut');
      expect(await call('outbox.counts')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    } finally {
      await desk.signInAs('anna.schmidt');
    }
  });

  it('an administrator may not read case data', async () => {
    await desk.signInAs('admin');
    try {
      expect(await call('cases.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      await desk.signInAs('anna.schmidt');
    }
  });

  it('refuses every case call when nobody is signed in', async () => {
    await value('session.signOut');
    try {
      expect(await call('cases.list')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    } finally {
      await desk.signInAs('anna.schmidt');
    }
  });

  it('keeps saved filters per person', async () => {
    const saved = await value('filters.save', {
      name: 'Überfällig',
      query: { overdue: true },
    });
    expect(await value('filters.list')).toEqual([
      { id: saved.id, name: 'Überfällig', query: { overdue: true } },
    ]);
    await value('filters.delete', { id: saved.id });
    expect(await value('filters.list')).toEqual([]);
  });

  it('a team lead assigns a new case directly to a colleague named as the identity provider names her', async () => {
    await desk.signInAs('tom.becker');
    try {
      const colleagues = await value('cases.colleagues');
      expect(colleagues).toContainEqual({ userId: 'anna.schmidt', displayName: 'Anna Schmidt' });
      // Administration works on no case: nobody assigns one to it.
      expect(colleagues.map((colleague) => colleague.userId)).not.toContain('admin');
      const [row] = (await value('cases.list', { status: ['new'], limit: 1 })).rows;
      if (!row) throw new Error('no new case');
      const assigned = await value('cases.transition', {
        id: row.id,
        action: 'reassign',
        expectedVersion: row.version,
        newAssignee: 'anna.schmidt',
      });
      expect(assigned).toMatchObject({ status: 'in_review', assignee: 'anna.schmidt' });
      expect(assigned.fileReference).not.toBeNull();
      const view = await value('cases.get', { id: row.id });
      expect(view.history).toEqual([
        expect.objectContaining({ actor: 'tom.becker', action: 'case.reassign', assignee: 'anna.schmidt' }),
      ]);
    } finally {
      await desk.signInAs('anna.schmidt');
    }
  });

  it('a Wiedervorlage keeps the legal Bearbeitungsfrist beside it, and "Fortsetzen" leaves it too', async () => {
    const [row] = (await value('cases.list', { status: ['new'], limit: 1 })).rows;
    if (!row) throw new Error('no new case');
    const step = (action: CaseAction, version: number, extra: object = {}) =>
      value('cases.transition', {
        id: row.id,
        action,
        expectedVersion: version,
        ...extra,
      });
    const claimed = await step('claim', row.version);
    const accepted = await step('accept', claimed.version);
    const legal = accepted.deadlineAt;
    expect(legal).not.toBeNull();
    const resubmitAt = new Date(Date.parse(legal as string) + 9 * 86_400_000).toISOString();
    const waiting = await step('resubmit', accepted.version, { resubmitAt });
    expect(waiting.deadlineAt).toBe(legal);
    const view = await value('cases.get', { id: row.id });
    expect(view.deadline).toEqual({ kind: 'processing', at: legal });
    expect(view.followUp).toEqual({ kind: 'resubmission', at: resubmitAt });
    const resumed = await step('resume', waiting.version);
    expect(resumed.deadlineAt).toBe(legal);
    expect((await value('cases.get', { id: row.id })).followUp).toBeNull();
  });
});

/** Waits for the outbox worker (running in the app) to settle an item; the deadline only bounds a hang. */
async function waitFor<T>(probe: () => T | null | Promise<T | null>, limitMs = 30_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > until) throw new Error('outbox item not settled');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
