/**
 * The renderer's one API client. At start it picks the transport: the preload bridge on the desktop
 * (`window.antragsdesk`), else the loopback HTTP bridge of browser mode. Both return the same envelopes,
 * so no behaviour can exist in only one of them.
 */
import type { CallInput, CallName, CallResult, EventName, EventPayload } from '../../../main/api/contract';
import { ApiError, type Envelope } from '../../../shared/api/result';

type Unsubscribe = () => void;

export interface Transport {
  kind: 'ipc' | 'http';
  call(name: CallName, input: unknown): Promise<Envelope<unknown>>;
  on(name: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

export interface PreloadBridge {
  on(name: EventName, listener: (payload: unknown) => void): Unsubscribe;
  [call: string]: unknown;
}

declare global {
  interface Window {
    antragsdesk?: PreloadBridge;
  }
}

export function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'ipc',
    call: (name, input) => (bridge[name] as (input: unknown) => Promise<Envelope<unknown>>)(input),
    on: (name, listener) => bridge.on(name, listener),
  };
}

/**
 * The department service keeps the person's tokens server-side (an HttpOnly session cookie the browser
 * sends by itself), so there is no token to send; when that session ends (it answers `sign-in-required`,
 * or the person signed out) its own sign-in page takes over.
 */
export const SIGN_IN_PATH = '/auth/login';

export function httpTransport(baseUrl: string, token: string | null): Transport {
  const authorization: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let stream: AbortController | null = null;

  const openStream = () => {
    stream = new AbortController();
    const { signal } = stream;
    void (async () => {
      // fetch, not EventSource: EventSource cannot send the Authorization header.
      for (let attempt = 0; !signal.aborted; attempt++) {
        try {
          const response = await fetch(`${baseUrl}/api/events`, { headers: authorization, signal });
          if (!response.body) throw new Error('no body');
          await readEvents(response.body, (name, payload) => {
            for (const listener of listeners.get(name) ?? []) listener(payload);
          });
        } catch {
          if (signal.aborted) return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
      }
    })();
  };

  return {
    kind: 'http',
    async call(name, input) {
      const response = await fetch(`${baseUrl}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authorization },
        body: JSON.stringify(input ?? {}),
      });
      const envelope = (await response.json()) as Envelope<unknown>;
      // The department service's page belongs to its session: without it, the sign-in page takes over.
      const sessionEnded = envelope.ok
        ? token === null && name === 'session.signOut'
        : envelope.error.reason === 'sign-in-required';
      if (sessionEnded) window.location.assign(SIGN_IN_PATH);
      return envelope;
    },
    on(name, listener) {
      if (!stream) openStream();
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  };
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  emit: (name: EventName, payload: unknown) => void,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      if (name && data) emit(name as EventName, JSON.parse(data));
      end = buffer.indexOf('\n\n');
    }
  }
}

/** Browser mode: the token arrives once in the URL fragment and is kept for this tab only. */
export function takeBrowserToken(location: Location, storage: Storage): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    storage.setItem('antragsdesk.token', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem('antragsdesk.token');
}

export function chooseTransport(): Transport {
  if (window.antragsdesk) return ipcTransport(window.antragsdesk);
  // Without a token (the department service's pages) the session cookie speaks for the person.
  return httpTransport(window.location.origin, takeBrowserToken(window.location, window.sessionStorage));
}

export interface Api {
  transport: Transport['kind'];
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}

export function createApi(transport: Transport): Api {
  return {
    transport: transport.kind,
    async call(name, input) {
      const envelope = await transport.call(name, input);
      if (!envelope.ok) throw ApiError.fromBody(envelope.error);
      return envelope.value as CallResult<typeof name>;
    },
    on: (name, listener) => transport.on(name, listener as (payload: unknown) => void),
  };
}
