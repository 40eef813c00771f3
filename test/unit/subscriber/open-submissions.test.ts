import { describe, expect, it } from 'vitest';
import { OpenSubmissions } from '../../../main/fitconnect/subscriber/open-submissions';

function memoryState() {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key: string) => values.get(key) ?? null,
    set: async (key: string, value: string) => {
      values.set(key, value);
    },
  };
}

describe('open submissions per destination', () => {
  it('keeps what two syncs of different destinations add at the same time (two instances)', async () => {
    const state = memoryState();
    const first = await OpenSubmissions.load(state, ['dest-x']);
    const second = await OpenSubmissions.load(state, ['dest-y']);
    await first.add(state, 'dest-x', 'sub-1');
    await second.add(state, 'dest-y', 'sub-2');
    await second.remove(state, 'dest-y', 'sub-2');
    await second.add(state, 'dest-y', 'sub-3');

    const after = await OpenSubmissions.load(state, ['dest-x', 'dest-y']);
    expect(after.of('dest-x')).toEqual(['sub-1']);
    expect(after.of('dest-y')).toEqual(['sub-3']);
  });

  it('reads the sets a vault kept under one key before, until a destination saves its own', async () => {
    const state = memoryState();
    await state.set('fitconnect.open-submissions', JSON.stringify({ 'dest-x': ['a'], 'dest-y': ['b'] }));
    const open = await OpenSubmissions.load(state, ['dest-x', 'dest-y']);
    expect(open.of('dest-x')).toEqual(['a']);
    await open.remove(state, 'dest-x', 'a');

    const after = await OpenSubmissions.load(state, ['dest-x', 'dest-y']);
    expect(after.of('dest-x')).toEqual([]);
    expect(after.of('dest-y')).toEqual(['b']);
  });
});
