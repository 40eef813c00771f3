import { afterEach, describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../main/commands/api';
import { applyOfflineCommand } from '../../../main/commands/apply';
import { offlineCommand, replicaView } from '../../../main/replica/commands';
import { type CommandSink, replay } from '../../../main/replica/replay';
import { ApiError } from '../../../shared/api/result';
import type { OfflineCommand, ReplicaCaseView } from '../../../shared/replica/types';
import { noticeDraft } from '../../support/replica-fixtures';
import { openTestVault, type TestVault } from '../../support/vault-fixtures';

const CASE = '6f1c2a34-8e1b-4c55-9a2d-0b7e3f4a5c61';
const CASE2 = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

/**
 * The service's side by its own rule (`applyOfflineCommand`: once per command id through the ledger, refused
 * when the version moved on or the case is someone else's), over cases held in memory.
 */
class Service implements CommandSink {
  readonly cases = new Map<string, { version: number; assignee: string | null; notes: string[] }>();
  readonly ledger = new Map<string, CommandOutcome>();
  sent: string[] = [];
  reachable = true;

  apply(command: OfflineCommand): Promise<CommandOutcome> {
    if (!this.reachable) {
      return Promise.reject(
        new ApiError(
          'unavailable',
          'The department service cannot be reached.',
          undefined,
          'service-unreachable',
        ),
      );
    }
    this.sent.push(command.commandId);
    // The same JSON the workstation sends; the service's type narrows the draft to a NoticeDraft.
    return applyOfflineCommand(command as Parameters<typeof applyOfflineCommand>[0], {
      userId: 'erika',
      ledger: {
        once: async ({ commandId }, apply) => {
          const known = this.ledger.get(commandId);
          if (known) return known;
          const outcome = await apply();
          this.ledger.set(commandId, outcome);
          return outcome;
        },
      },
      caseNow: async (caseId) => this.cases.get(caseId) as { version: number; assignee: string | null },
      call: async (_name, input) => {
        const { id: caseId, caseId: other, text } = input as { id?: string; caseId?: string; text?: string };
        const held = this.cases.get((caseId ?? other) as string);
        if (!held) return { ok: false, error: { code: 'not-found', message: 'no case' } };
        if (text) held.notes.push(text);
        held.version++;
        return { ok: true, value: null };
      },
    });
  }
}

const start: ReplicaCaseView = {
  caseId: CASE,
  version: 7,
  responsible: 'erika',
  notes: [],
  resubmitAt: '2026-12-10T08:00:00.000Z',
  noticeDraft: null,
};
const draft = noticeDraft;

let current: TestVault | undefined;
afterEach(() => {
  current?.cleanup();
  current = undefined;
});

/** The person's vault holding `cases` as the service had them, and the service with the same. */
function setUp(...cases: ReplicaCaseView[]) {
  current = openTestVault();
  const service = new Service();
  for (const view of cases) {
    service.cases.set(view.caseId, { version: view.version, assignee: view.responsible, notes: [] });
    current.vault.replica.put(view);
  }
  const { replica } = current.vault;
  let next = 0;
  const work = (caseId: string, action: string, payload: Record<string, never> | object) => {
    const view = replicaView(replica, caseId) as ReplicaCaseView;
    const command = offlineCommand(view, { action, payload } as never, id(++next));
    replica.enqueue(command);
    return command;
  };
  return { service, replica, work };
}

describe('replaying the offline queue', () => {
  it('sends the commands in order and each builds on the one before', async () => {
    const { service, replica, work } = setUp(start);
    work(CASE, 'note', { text: 'Rückruf erbeten' });
    work(CASE, 'followUp', { resubmitAt: '2026-12-14T08:00:00.000Z' });
    work(CASE, 'noticeDraft', { draft });

    expect(await replay(replica, service)).toEqual({ applied: 3, conflicts: 0, interrupted: false });
    expect(service.sent).toEqual([id(1), id(2), id(3)]);
    expect(replica.queued()).toEqual([]);
    expect(service.cases.get(CASE)).toEqual({ version: 10, assignee: 'erika', notes: ['Rückruf erbeten'] });
    expect(replicaView(replica, CASE)).toEqual({
      ...start,
      version: 10,
      notes: [{ id: id(1), text: 'Rückruf erbeten' }],
      resubmitAt: '2026-12-14T08:00:00.000Z',
      noticeDraft: draft,
    });
  });

  it('applies a command replayed after a lost answer once', async () => {
    const { service, replica, work } = setUp(start);
    const note = work(CASE, 'note', { text: 'Rückruf erbeten' });
    // The service applied it, but the answer never arrived: the command is still queued.
    await service.apply(note);

    expect(await replay(replica, service)).toEqual({ applied: 1, conflicts: 0, interrupted: false });
    expect(service.cases.get(CASE)).toEqual({ version: 8, assignee: 'erika', notes: ['Rückruf erbeten'] });
    expect(replicaView(replica, CASE)?.version).toBe(8);
  });

  it('shows a conflict with both versions when a colleague changed the case, keeping what was typed', async () => {
    const { service, replica, work } = setUp(start);
    work(CASE, 'note', { text: 'Rückruf erbeten' });
    work(CASE, 'noticeDraft', { draft });
    // A colleague's change on the service meanwhile.
    (service.cases.get(CASE) as { version: number }).version = 8;

    expect(await replay(replica, service)).toEqual({ applied: 0, conflicts: 2, interrupted: false });
    // The second was not sent: it waits behind the first conflict of its case.
    expect(service.sent).toEqual([id(1)]);
    expect(service.cases.get(CASE)?.notes).toEqual([]);
    const [first, second] = replica.conflicts();
    expect(first).toMatchObject({
      reason: 'version-moved',
      command: { payload: { text: 'Rückruf erbeten' } },
    });
    expect(first?.service).toMatchObject({ version: 8, notes: [] });
    expect(first?.theirs).toMatchObject({ version: 7 });
    expect(first?.theirs.notes).toEqual([{ id: id(1), text: 'Rückruf erbeten', pending: true }]);
    expect(second).toMatchObject({ reason: 'earlier-conflict' });
    expect(second?.theirs.noticeDraft).toEqual(draft);

    // Nothing typed is lost across a restart, and the case is not pruned while its conflicts stand.
    current?.vault.close();
    const reopened = current?.reopen().replica;
    expect(reopened?.prune('someone-else')).toEqual([]);
    expect(reopened?.conflicts().map((conflict) => conflict.command.payload)).toEqual([
      { text: 'Rückruf erbeten' },
      { draft },
    ]);
    reopened?.dismissConflict(id(1));
    expect(reopened?.conflicts().map((conflict) => conflict.command.commandId)).toEqual([id(2)]);
  });

  it('does not apply a command for a case that is someone else’s now', async () => {
    const { service, replica, work } = setUp(start);
    work(CASE, 'note', { text: 'Rückruf erbeten' });
    (service.cases.get(CASE) as { assignee: string }).assignee = 'max';

    expect(await replay(replica, service)).toEqual({ applied: 0, conflicts: 1, interrupted: false });
    expect(service.cases.get(CASE)?.notes).toEqual([]);
    expect(replica.conflicts()[0]).toMatchObject({ reason: 'not-assignee', service: { responsible: 'max' } });
  });

  it('stops when the service is gone again and keeps the rest queued, and goes on when it is back', async () => {
    const { service, replica, work } = setUp(start, { ...start, caseId: CASE2 });
    work(CASE, 'note', { text: 'eins' });
    work(CASE2, 'note', { text: 'zwei' });
    const send = service.apply.bind(service);
    service.apply = async (command) => {
      const outcome = await send(command);
      service.reachable = false;
      return outcome;
    };

    expect(await replay(replica, service)).toEqual({ applied: 1, conflicts: 0, interrupted: true });
    expect(replica.queued().map((command) => command.commandId)).toEqual([id(2)]);

    service.reachable = true;
    service.apply = send;
    expect(await replay(replica, service)).toEqual({ applied: 1, conflicts: 0, interrupted: false });
    expect(service.cases.get(CASE2)?.notes).toEqual(['zwei']);
  });

  it('keeps a command whose step the service refused as a conflict, typed text intact, and goes on', async () => {
    const { service, replica, work } = setUp(start, { ...start, caseId: CASE2 });
    work(CASE, 'followUp', { resubmitAt: '2026-12-14T08:00:00.000Z' });
    work(CASE2, 'note', { text: 'Rückruf erbeten' });
    const apply = service.apply.bind(service);
    // The workflow no longer allows a Wiedervorlage for the first case (its status moved on).
    service.apply = (command) =>
      command.caseId === CASE
        ? Promise.reject(new ApiError('invalid-transition', 'Not allowed now.'))
        : apply(command);

    expect(await replay(replica, service)).toEqual({ applied: 1, conflicts: 1, interrupted: false });
    const [refused] = replica.conflicts();
    expect(refused).toMatchObject({
      reason: 'refused',
      command: { caseId: CASE, action: 'followUp' },
      theirs: { resubmitAt: '2026-12-14T08:00:00.000Z' },
      service: { resubmitAt: start.resubmitAt },
    });
    expect(service.cases.get(CASE2)?.notes).toEqual(['Rückruf erbeten']);
  });
});
