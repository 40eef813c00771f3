import { describe, expect, it } from 'vitest';
import { applyCommand, offlineCommand } from '../../../main/replica/commands';
import type { ReplicaCaseView } from '../../../shared/replica/types';
import { noticeDraft } from '../../support/replica-fixtures';

const CASE = '6f1c2a34-8e1b-4c55-9a2d-0b7e3f4a5c61';
const view: ReplicaCaseView = {
  caseId: CASE,
  version: 4,
  responsible: 'erika',
  notes: [{ id: 'n1', text: 'Unterlagen vollständig' }],
  resubmitAt: null,
  noticeDraft: null,
};
const draft = noticeDraft;
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

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
    expect(offlineCommand(view, { action: 'note', payload: { text: 'Rückruf erbeten' } }, id(1))).toEqual({
      commandId: id(1),
      caseId: CASE,
      baseVersion: 4,
      action: 'note',
      payload: { text: 'Rückruf erbeten' },
    });
  });

  it('refuse sealing and sending, which need the service, so nothing of them is queued', () => {
    expect(codeOf(() => offlineCommand(view, { action: 'notice.seal' }, id(1)))).toBe('needs-service');
    expect(codeOf(() => offlineCommand(view, { action: 'notice.send' }, id(1)))).toBe('needs-service');
  });

  it('apply to the replica view at once: note, Wiedervorlage, notice draft', () => {
    const changed = [
      offlineCommand(view, { action: 'note', payload: { text: 'Rückruf erbeten' } }, id(1)),
      offlineCommand(
        view,
        { action: 'followUp', payload: { resubmitAt: '2026-12-14T08:00:00.000Z' } },
        id(2),
      ),
      offlineCommand(view, { action: 'noticeDraft', payload: { draft } }, id(3)),
    ].reduce(applyCommand, view);
    expect(changed).toEqual({
      ...view,
      notes: [...view.notes, { id: id(1), text: 'Rückruf erbeten', pending: true }],
      resubmitAt: '2026-12-14T08:00:00.000Z',
      noticeDraft: draft,
    });
    expect(view.notes).toHaveLength(1);
  });
});
