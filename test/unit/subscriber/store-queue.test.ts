import { afterEach, describe, expect, it } from 'vitest';
import { createStoreQueue } from '../../../main/fitconnect/subscriber/store-queue';
import { openTestVault, type TestVault } from '../../support/vault-fixtures';

describe('the store queue', () => {
  let t: TestVault;
  afterEach(() => t.cleanup());

  it('commits pieces ready together in one transaction and rolls back only a failing piece', async () => {
    t = openTestVault();
    const { vault } = t;
    const queue = createStoreQueue(vault, 5);
    const results = await Promise.allSettled([
      queue.add(() => {
        vault.syncState.set('a', '1');
        return 'a';
      }),
      queue.add(() => {
        vault.syncState.set('b', '1');
        throw new Error('piece failed');
      }),
      queue.add(() => {
        vault.syncState.set('c', '1');
        return 'c';
      }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'piece failed',
      'c',
    ]);
    expect([vault.syncState.get('a'), vault.syncState.get('b'), vault.syncState.get('c')]).toEqual([
      '1',
      null,
      '1',
    ]);
  });

  it('fails every piece of a batch whose commit fails', async () => {
    t = openTestVault();
    const { vault } = t;
    const queue = createStoreQueue(vault, 5);
    const first = queue.add(() => 1);
    const second = queue.add(() => 2);
    // Closing the vault before the batch runs makes its transaction fail.
    vault.close();
    await expect(first).rejects.toThrow();
    await expect(second).rejects.toThrow();
  });
});
