import { afterEach, describe, expect, it } from 'vitest';
import { applyCommand, offlineCommand } from '../../../main/replica/commands';
import { type CommandOutcome, type CommandSink, replay } from '../../../main/replica/replay';
import { CodedError } from '../../../shared/coded-error';
import type { OfflineCommand, ReplicaCaseView } from '../../../shared/replica/types';
import { openTestVault, type TestVault } from '../../support/vault-fixtures';

/**
 * The service's side of `commands.apply`, by its rules: a command applies once per id, and is refused when
 * the case's version moved past the command's base or the case is someone else's now.
 */
class ServiceCases implements CommandSink {
  readonly cases = new Map<string, ReplicaCaseView>();
  readonly seen = new Map<string, ReplicaCaseView>();
  sent: string[] = [];
  reachable = true;

  constructor(readonly person: string) {}

  /** A colleague's change on the service. */
  change(caseId: string, change: Partial<ReplicaCaseView>): void {
    const view = this.cases.get(caseId) as ReplicaCaseView;
    this.cases.set(caseId, { ...view, ...change, version: view.version + 1 });
  }

  async apply(command: OfflineCommand): Promise<CommandOutcome> {
    if (!this.reachable)
      throw new CodedError('service-unreachable', 'The department service cannot be reached.');
    this.sent.push(command.commandId);
    const once = this.seen.get(command.commandId);
    if (once) return { kind: 'duplicate', current: once };
    const view = this.cases.get(command.caseId) as ReplicaCaseView;
    if (view.responsible !== this.person) return { kind: 'conflict', reason: 'reassigned', current: view };
    if (view.version !== command.baseVersion)
      return { kind: 'conflict', reason: 'version-moved', current: view };
    const next = { ...applyCommand(view, command), version: view.version + 1 };
    next.notes = next.notes.map(({ id, text }) => ({ id, text }));
    this.cases.set(command.caseId, next);
    this.seen.set(command.commandId, next);
    return { kind: 'applied', current: next };
  }
}

const start: ReplicaCaseView = {
  caseId: 'case-1',
  version: 7,
  responsible: 'erika',
  notes: [],
  followUpOn: '2026-12-10',
  noticeDraft: null,
  handover: null,
};

let current: TestVault | undefined;
afterEach(() => {
  current?.cleanup();
  current = undefined;
});

/** The person's vault holding `cases` as the service had them, and the service with the same. */
function setUp(...cases: ReplicaCaseView[]) {
  current = openTestVault();
  const service = new ServiceCases('erika');
  for (const view of cases) {
    service.cases.set(view.caseId, view);
    current.vault.replica.put(view);
  }
  const { replica } = current.vault;
  let next = 0;
  const work = (caseId: string, action: string, payload: OfflineCommand['payload']) => {
    const command = offlineCommand(replica.view(caseId) as ReplicaCaseView, action, payload, `cmd-${++next}`);
    replica.enqueue(command);
    return command;
  };
  return { service, replica, work };
}

describe('replaying the offline queue', () => {
  it('sends the commands in order and each builds on the one before', async () => {
    const { service, replica, work } = setUp(start);
    work('case-1', 'note.add', { text: 'Rückruf erbeten' });
    work('case-1', 'followUp.set', { on: '2026-12-14' });
    work('case-1', 'notice.draft', { draft: { body: 'Sehr geehrte Frau …' } });

    expect(await replay(replica, service)).toEqual({ applied: 3, conflicts: 0, interrupted: false });
    expect(service.sent).toEqual(['cmd-1', 'cmd-2', 'cmd-3']);
    expect(replica.queued()).toEqual([]);
    expect(replica.view('case-1')).toEqual(service.cases.get('case-1'));
    expect(replica.view('case-1')).toMatchObject({ version: 10, followUpOn: '2026-12-14' });
  });

  it('applies a command replayed after a lost answer once', async () => {
    const { service, replica, work } = setUp(start);
    const note = work('case-1', 'note.add', { text: 'Rückruf erbeten' });
    // The service applied it, but the answer never arrived: the command is still queued.
    await service.apply(note);

    expect(await replay(replica, service)).toEqual({ applied: 1, conflicts: 0, interrupted: false });
    expect(service.cases.get('case-1')?.notes).toEqual([{ id: 'cmd-1', text: 'Rückruf erbeten' }]);
    expect(service.cases.get('case-1')?.version).toBe(8);
  });

  it('shows a conflict with both versions when a colleague changed the case, keeping what was typed', async () => {
    const { service, replica, work } = setUp(start);
    work('case-1', 'note.add', { text: 'Rückruf erbeten' });
    work('case-1', 'notice.draft', { draft: { body: 'Sehr geehrte Frau …' } });
    service.change('case-1', { followUpOn: '2027-01-04' });

    expect(await replay(replica, service)).toEqual({ applied: 0, conflicts: 2, interrupted: false });
    // The second was not sent: it waits behind the first conflict of its case.
    expect(service.sent).toEqual(['cmd-1']);
    const [first, second] = replica.conflicts();
    expect(first).toMatchObject({
      reason: 'version-moved',
      command: { payload: { text: 'Rückruf erbeten' } },
    });
    expect(first?.service).toMatchObject({ version: 8, followUpOn: '2027-01-04', notes: [] });
    expect(first?.theirs).toMatchObject({ version: 7, followUpOn: '2026-12-10' });
    expect(first?.theirs.notes).toEqual([{ id: 'cmd-1', text: 'Rückruf erbeten', pending: true }]);
    expect(second).toMatchObject({ reason: 'earlier-conflict' });
    expect(second?.theirs.noticeDraft).toEqual({ body: 'Sehr geehrte Frau …' });

    // Nothing typed is lost across a restart, and the case is not pruned while its conflicts stand.
    current?.vault.close();
    const reopened = current?.reopen().replica;
    expect(reopened?.prune('erika')).toEqual([]);
    expect(reopened?.conflicts().map((conflict) => conflict.command.payload)).toEqual([
      { text: 'Rückruf erbeten' },
      { draft: { body: 'Sehr geehrte Frau …' } },
    ]);
    reopened?.dismissConflict('cmd-1');
    expect(reopened?.conflicts().map((conflict) => conflict.command.commandId)).toEqual(['cmd-2']);
  });

  it('does not apply a command for a case that is someone else’s now', async () => {
    const { service, replica, work } = setUp(start);
    work('case-1', 'handover.prepare', { to: 'max', note: 'bitte übernehmen' });
    service.cases.set('case-1', { ...start, responsible: 'max' });

    expect(await replay(replica, service)).toEqual({ applied: 0, conflicts: 1, interrupted: false });
    expect(service.cases.get('case-1')?.handover).toBeNull();
    expect(replica.conflicts()[0]).toMatchObject({ reason: 'reassigned', service: { responsible: 'max' } });
  });

  it('stops when the service is gone again and keeps the rest queued, and goes on when it is back', async () => {
    const { service, replica, work } = setUp(start, { ...start, caseId: 'case-2' });
    work('case-1', 'note.add', { text: 'eins' });
    work('case-2', 'note.add', { text: 'zwei' });
    const send = service.apply.bind(service);
    service.apply = async (command) => {
      const outcome = await send(command);
      service.reachable = false;
      return outcome;
    };

    expect(await replay(replica, service)).toEqual({ applied: 1, conflicts: 0, interrupted: true });
    expect(replica.queued().map((command) => command.commandId)).toEqual(['cmd-2']);

    service.reachable = true;
    service.apply = send;
    expect(await replay(replica, service)).toEqual({ applied: 1, conflicts: 0, interrupted: false });
    expect(service.cases.get('case-2')?.notes).toEqual([{ id: 'cmd-2', text: 'zwei' }]);
  });
});
