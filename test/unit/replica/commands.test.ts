import { describe, expect, it } from 'vitest';
import { applyCommand, offlineCommand } from '../../../main/replica/commands';
import type { ReplicaCaseView } from '../../../shared/replica/types';

const view: ReplicaCaseView = {
  caseId: 'case-1',
  version: 4,
  responsible: 'erika',
  notes: [{ id: 'n1', text: 'Unterlagen vollständig' }],
  followUpOn: null,
  noticeDraft: null,
  handover: null,
};

function codeOf(work: () => unknown): string {
  try {
    work();
    return 'no error';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('offline commands', () => {
  it('carry the case version the person saw', () => {
    const command = offlineCommand(view, 'note.add', { text: 'Rückruf erbeten' }, 'c1');
    expect(command).toEqual({
      commandId: 'c1',
      caseId: 'case-1',
      baseVersion: 4,
      action: 'note.add',
      payload: { text: 'Rückruf erbeten' },
    });
  });

  it('refuse sealing and sending, which need the service, so nothing of them is queued', () => {
    expect(codeOf(() => offlineCommand(view, 'notice.seal', {}, 'c1'))).toBe('needs-service');
    expect(codeOf(() => offlineCommand(view, 'notice.send', {}, 'c1'))).toBe('needs-service');
  });

  it('refuse an unknown action and bad payloads with a clear code', () => {
    expect(codeOf(() => offlineCommand(view, 'case.delete', {}, 'c1'))).toBe('invalid-command');
    expect(codeOf(() => offlineCommand(view, 'note.add', { text: '  ' }, 'c1'))).toBe('invalid-command');
    expect(codeOf(() => offlineCommand(view, 'followUp.set', { on: '1.4.2026' }, 'c1'))).toBe(
      'invalid-command',
    );
    expect(codeOf(() => offlineCommand(view, 'handover.prepare', { note: 'x' }, 'c1'))).toBe(
      'invalid-command',
    );
  });

  it('apply to the replica view at once: note, Wiedervorlage, notice draft, hand-over', () => {
    const changed = [
      offlineCommand(view, 'note.add', { text: 'Rückruf erbeten' }, 'c1'),
      offlineCommand(view, 'followUp.set', { on: '2026-12-14' }, 'c2'),
      offlineCommand(view, 'notice.draft', { draft: { body: 'Sehr geehrte Damen und Herren' } }, 'c3'),
      offlineCommand(view, 'handover.prepare', { to: 'max', note: 'bitte übernehmen' }, 'c4'),
    ].reduce(applyCommand, view);
    expect(changed).toEqual({
      ...view,
      notes: [...view.notes, { id: 'c1', text: 'Rückruf erbeten', pending: true }],
      followUpOn: '2026-12-14',
      noticeDraft: { body: 'Sehr geehrte Damen und Herren' },
      handover: { to: 'max', note: 'bitte übernehmen' },
    });
    expect(view.notes).toHaveLength(1);
  });
});
