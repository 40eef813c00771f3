import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, eventNames, ipcCallChannel, ipcEventChannel } from '../../../main/api/contract';

// The preload runs only inside Electron; here its two Electron touch points are recorded so the shape of
// what it exposes can be checked against the contract.
const exposed: Record<string, Record<string, unknown>> = {};
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null }));
const on = vi.fn();
const removeListener = vi.fn();
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: { invoke, on, removeListener },
}));

beforeAll(async () => {
  await import('../../../preload/index');
});

describe('preload bridge', () => {
  it('exposes exactly one function per contract call, plus `on`, and nothing of ipcRenderer', () => {
    const bridge = exposed.antragsdesk ?? {};
    expect(Object.keys(bridge).sort()).toEqual([...callNames, 'on'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.values(bridge)).not.toContain(invoke);
  });

  it('sends each call on its own channel with the input unchanged', async () => {
    const bridge = exposed.antragsdesk as Record<string, (input: unknown) => Promise<unknown>>;
    for (const name of callNames) {
      await bridge[name]?.({ probe: name });
      expect(invoke).toHaveBeenLastCalledWith(ipcCallChannel(name), { probe: name });
    }
  });

  it('subscribes to contract events only and hides the IPC event object from listeners', () => {
    const bridge = exposed.antragsdesk as {
      on: (name: string, listener: (payload: unknown) => void) => () => void;
    };
    const listener = vi.fn();
    const unsubscribe = bridge.on(eventNames[0] as string, listener);
    const [channel, wrapped] = on.mock.lastCall as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe(ipcEventChannel(eventNames[0] as (typeof eventNames)[number]));
    wrapped({ sender: 'ipc internals' }, { done: 1 });
    expect(listener).toHaveBeenCalledWith({ done: 1 });
    unsubscribe();
    expect(removeListener).toHaveBeenCalledWith(channel, wrapped);
    expect(() => bridge.on('ipc:anything', listener)).toThrow('Unknown event.');
  });
});
