/**
 * A client's event stream of the department service (`GET /api/events`), reduced to what the tests and the
 * server bench watch: the case ids of each `cases.changed` event, as they arrive.
 */
type Fetch = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  body: ReadableStream<Uint8Array> | null;
}>;

export interface CaseEvents {
  /** Resolves once the stream is open (the service has registered the client). */
  opened: Promise<void>;
  close(): void;
}

export function watchCaseEvents(
  serviceUrl: string,
  token: string,
  onIds: (ids: string[]) => void,
  fetchWith: Fetch = fetch,
): CaseEvents {
  const abort = new AbortController();
  const opened = (async () => {
    const response = await fetchWith(`${serviceUrl}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`event stream: ${response.status}`);
    const reader = response.body.getReader();
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^event: cases\.changed\ndata: (.+)$/m.exec(frame)?.[1];
          if (data) onIds((JSON.parse(data) as { ids: string[] }).ids);
        }
      }
    })();
  })();
  return { opened, close: () => abort.abort() };
}
