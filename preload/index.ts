/**
 * The bridge: exactly one function per contract call on `window.antragsdesk`, plus `on` for contract
 * events. ipcRenderer itself never crosses the bridge, and listeners never see the IPC event object.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { callNames, type EventName, eventNames, ipcCallChannel, ipcEventChannel } from '../main/api/contract';

const bridge: Record<string, unknown> = {};
for (const name of callNames) {
  bridge[name] = (input: unknown) => ipcRenderer.invoke(ipcCallChannel(name), input);
}
bridge.on = (name: EventName, listener: (payload: unknown) => void): (() => void) => {
  if (!eventNames.includes(name) || typeof listener !== 'function') throw new TypeError('Unknown event.');
  const wrapped = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(ipcEventChannel(name), wrapped);
  return () => ipcRenderer.removeListener(ipcEventChannel(name), wrapped);
};

contextBridge.exposeInMainWorld('antragsdesk', bridge);
