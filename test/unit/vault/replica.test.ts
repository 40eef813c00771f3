import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaView } from '../../../main/replica/commands';
import { openVault, VAULT_FILES } from '../../../main/vault';
import { MIGRATIONS, schemaVersion } from '../../../main/vault/migrations';
import type { ReplicaCaseView } from '../../../shared/replica/types';
import { newKey, openTestVault, type TestVault, tempDir } from '../../support/vault-fixtures';

let current: TestVault | undefined;
const dirs: { remove(): void }[] = [];
afterEach(() => {
  current?.cleanup();
  current = undefined;
  for (const dir of dirs.splice(0)) dir.remove();
});

const caseView = (caseId: string, responsible: string | null, version = 1): ReplicaCaseView => ({
  caseId,
  version,
  responsible,
  notes: [],
  resubmitAt: null,
  noticeDraft: null,
});

describe('the replica in the vault', () => {
  it('migration 11 adds the replica and the command queue', () => {
    current = openTestVault();
    const { replica } = current.vault;
    expect(current.vault.transaction(({ db }) => schemaVersion(db))).toBe(11);
    expect(MIGRATIONS[10]?.name).toBe('replica');
    current.vault.transaction(({ db }) => {
      const names = (
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]
      )
        .map((row) => row.name)
        .filter((name) => name.startsWith('replica_') || name === 'offline_commands');
      expect(names.sort()).toEqual([
        'offline_commands',
        'replica_attachments',
        'replica_cases',
        'replica_marks',
      ]);
    });
    expect(replica.caseIds()).toEqual([]);
  });

  it('keeps the service view, its attachments and the queue across a restart', () => {
    current = openTestVault();
    current.vault.replica.put(caseView('case-1', 'erika', 3));
    current.vault.replica.putAttachment('case-1', 'att-1', Buffer.from('%PDF-1.7 Antrag'));
    current.vault.replica.enqueue({
      commandId: 'c1',
      caseId: 'case-1',
      baseVersion: 3,
      action: 'note',
      payload: { text: 'Rückruf erbeten' },
    });
    current.vault.close();
    const { replica } = current.reopen();
    expect(replica.serviceView('case-1')).toEqual(caseView('case-1', 'erika', 3));
    expect(replicaView(replica, 'case-1')?.notes).toEqual([
      { id: 'c1', text: 'Rückruf erbeten', pending: true },
    ]);
    expect(replica.attachment('case-1', 'att-1')?.toString()).toBe('%PDF-1.7 Antrag');
    expect(replica.queued().map((command) => command.commandId)).toEqual(['c1']);
  });

  it('refuses a command for a case it does not hold', () => {
    current = openTestVault();
    expect(() =>
      current?.vault.replica.enqueue({
        commandId: 'c1',
        caseId: 'elsewhere',
        baseVersion: 1,
        action: 'note',
        payload: { text: 'x' },
      }),
    ).toThrow(expect.objectContaining({ code: 'case-not-found' }));
  });

  it('prunes cases no longer the person’s unless marked offline or holding their unsent changes', () => {
    current = openTestVault();
    const { replica } = current.vault;
    replica.put(caseView('mine', 'erika'));
    replica.put(caseView('handed-on', 'max'));
    replica.put(caseView('marked', 'max'));
    replica.put(caseView('typed-in', 'max'));
    replica.putAttachment('handed-on', 'att-1', Buffer.from('pdf'));
    replica.mark('marked', true);
    replica.enqueue({
      commandId: 'c1',
      caseId: 'typed-in',
      baseVersion: 1,
      action: 'note',
      payload: { text: 'a' },
    });

    expect(replica.prune('erika')).toEqual(['handed-on']);
    expect(replica.caseIds()).toEqual(['marked', 'mine', 'typed-in']);
    expect(replica.attachment('handed-on', 'att-1')).toBeNull();

    replica.mark('marked', false);
    expect(replica.isMarked('marked')).toBe(false);
    expect(replica.prune('erika')).toEqual(['marked']);
  });

  it('copied to another workstation, the replica cannot be read there and says so', () => {
    current = openTestVault();
    current.vault.replica.put(caseView('case-1', 'erika'));
    current.vault.close();
    const elsewhere = tempDir('other-workstation-');
    dirs.push(elsewhere);
    mkdirSync(elsewhere.path, { recursive: true });
    copyFileSync(join(current.dir, VAULT_FILES.database), join(elsewhere.path, VAULT_FILES.database));
    copyFileSync(join(current.dir, VAULT_FILES.keyCheck), join(elsewhere.path, VAULT_FILES.keyCheck));

    let error: unknown;
    try {
      openVault({ dir: elsewhere.path, key: newKey() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'vault-locked',
      message: 'The vault could not be unlocked with the key provided.',
    });
    // With the workstation's own key the copy is whole.
    const copy = openVault({ dir: elsewhere.path, key: current.key });
    expect(copy.replica.caseIds()).toEqual(['case-1']);
    copy.close();
  });
});
