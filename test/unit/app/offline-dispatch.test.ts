import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../main/api/dispatch';
import { offlineDispatch } from '../../../main/app/offline-dispatch';
import { replicaView } from '../../../main/replica/commands';
import { trackConnectivity } from '../../../main/replica/connectivity';
import type { Envelope } from '../../../shared/api/result';
import type { Connectivity, ReplicaCaseView } from '../../../shared/replica/types';
import { noticeDraft } from '../../support/replica-fixtures';
import { openTestVault, type TestVault } from '../../support/vault-fixtures';

// Ids of the contract's shape (uuid).
const CASE = '6f1c2a34-8e1b-4c55-9a2d-0b7e3f4a5c61';
const CMD1 = '00000000-0000-4000-8000-000000000001';
const OTHER = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';

/** What the remote dispatcher answers when the service cannot be reached (see main/department/remote.ts). */
const UNREACHABLE: Envelope<never> = {
  ok: false,
  error: {
    code: 'unavailable',
    reason: 'service-unreachable',
    message: 'The department service cannot be reached.',
  },
};

const view: ReplicaCaseView = {
  caseId: CASE,
  version: 5,
  responsible: 'erika',
  notes: [],
  resubmitAt: null,
  noticeDraft: null,
};

let current: TestVault | undefined;
afterEach(() => {
  current?.cleanup();
  current = undefined;
});

function setUp(remote: Dispatch) {
  current = openTestVault();
  const { replica } = current.vault;
  replica.put(view);
  const told: Connectivity[] = [];
  let next = 0;
  const dispatch = offlineDispatch(remote, {
    replica,
    connectivity: trackConnectivity(
      (state) => told.push(state),
      () => new Date('2026-12-07T13:05:00.000Z'),
    ),
    person: () => 'erika',
    newId: () => `00000000-0000-4000-8000-00000000000${++next}`,
    now: () => new Date('2026-12-07T13:06:00.000Z'),
  });
  const call = (name: string, input: unknown) => dispatch(name, input, { transport: 'ipc' });
  return { replica, told, call };
}

describe('calls while the department service cannot be reached', () => {
  it('queue a note with the case version and answer as the service would', async () => {
    const { replica, told, call } = setUp(async () => UNREACHABLE);
    expect(await call('cases.addNote', { id: CASE, text: 'Rückruf erbeten' })).toEqual({
      ok: true,
      value: {
        id: CMD1,
        caseId: CASE,
        author: 'erika',
        text: 'Rückruf erbeten',
        createdAt: '2026-12-07T13:06:00.000Z',
      },
    });
    expect(replica.queued()).toEqual([
      {
        commandId: CMD1,
        caseId: CASE,
        baseVersion: 5,
        action: 'note',
        payload: { text: 'Rückruf erbeten' },
      },
    ]);
    expect(replicaView(replica, CASE)?.notes).toEqual([{ id: CMD1, text: 'Rückruf erbeten', pending: true }]);
    expect(told).toEqual([{ online: false, since: '2026-12-07T13:05:00.000Z' }]);
  });

  it('queue a kept notice draft', async () => {
    const { replica, call } = setUp(async () => UNREACHABLE);
    const draft = noticeDraft;
    const answer = await call('notices.keepDraft', { caseId: CASE, draft });
    expect(answer.ok).toBe(true);
    expect(replicaView(replica, CASE)?.noticeDraft).toEqual(draft);
  });

  it('refuse sealing and sending as needing the service and queue nothing', async () => {
    const { replica, call } = setUp(async () => UNREACHABLE);
    for (const name of ['notices.seal', 'notices.send']) {
      const answer = await call(name, { caseId: CASE });
      expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable', reason: 'needs-service' } });
    }
    expect(replica.queued()).toEqual([]);
  });

  it('refuse a change to a case not held offline, and bad input, queuing nothing', async () => {
    const { replica, call } = setUp(async () => UNREACHABLE);
    expect(await call('cases.addNote', { id: OTHER, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', reason: 'case-not-replicated' },
    });
    expect(await call('cases.addNote', { id: CASE, text: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(replica.queued()).toEqual([]);
  });

  it('pass the service’s answer on when it is reached, queuing nothing', async () => {
    const { replica, told, call } = setUp(async (name) => ({ ok: true, value: `answered ${name}` }));
    expect(await call('cases.addNote', { id: CASE, text: 'Rückruf erbeten' })).toEqual({
      ok: true,
      value: 'answered cases.addNote',
    });
    expect(replica.queued()).toEqual([]);
    expect(told).toEqual([]);
  });
});
