import { afterEach, describe, expect, it } from 'vitest';
import { createStoreQueue } from '../../../main/fitconnect/subscriber/store-queue';
import { vaultStore } from '../../../main/store';
import { openTestVault, type TestVault } from '../../support/vault-fixtures';

describe('the store queue', () => {
  let t: TestVault;
  afterEach(() => t.cleanup());

  it('commits pieces ready together in one transaction and rolls back only a failing piece', async () => {
    t = openTestVault();
    const store = vaultStore(t.vault);
    const queue = createStoreQueue(store, 5);
    const results = await Promise.allSettled([
      queue.add(async (tx) => {
        await tx.syncState.set('a', '1');
        return 'a';
      }),
      queue.add(async (tx) => {
        await tx.syncState.set('b', '1');
        throw new Error('piece failed');
      }),
      queue.add(async (tx) => {
        await tx.syncState.set('c', '1');
        return 'c';
      }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'piece failed',
      'c',
    ]);
    expect(await Promise.all(['a', 'b', 'c'].map((key) => store.syncState.get(key)))).toEqual([
      '1',
      null,
      '1',
    ]);
  });

  it('fails every piece of a batch whose commit fails', async () => {
    t = openTestVault();
    const queue = createStoreQueue(vaultStore(t.vault), 5);
    const first = queue.add(async () => 1);
    const second = queue.add(async () => 2);
    // Closing the vault before the batch runs makes its transaction fail.
    t.vault.close();
    await expect(first).rejects.toThrow();
    await expect(second).rejects.toThrow();
  });
});
