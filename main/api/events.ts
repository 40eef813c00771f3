/** The typed event hub that services emit on and each transport (IPC, SSE) subscribes to. */
import type { EventName, EventPayload } from './contract';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      for (const listener of listeners) listener(name, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
