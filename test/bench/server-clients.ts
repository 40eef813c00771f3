/**
 * The server bench's workstations, in a process of their own (test/bench/server.bench.ts starts it), so
 * that the 50 clients' TLS, JSON and timers do not share the service's event loop or the bench's: what is
 * measured is the service. Each client has its own TLS connection and token and, per round, does what the
 * desk does for two new queries and a case: the inbox's first page (rows only) and then its total, the
 * same filtered by status and text, opening a case and claiming it. One more client watches its event
 * stream for the claimed cases. Prints one JSON line of samples (ms) on stdout.
 *
 *   node --import tsx test/bench/server-clients.ts <config.json>
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Agent, fetch } from 'undici';
import { watchCaseEvents } from '../support/case-events';

export interface ClientsConfig {
  url: string;
  caFile: string;
  tokens: string[];
  /** Cases in status new, `rounds` per client, each claimed once. */
  newIds: string[];
  clients: number;
  rounds: number;
  surnames: string[];
}

export interface ClientsResult {
  list: number[];
  listTotal: number[];
  filter: number[];
  filterTotal: number[];
  open: number[];
  claim: number[];
  event: number[];
  claims: number;
  refused: number;
}

const config = JSON.parse(await readFile(process.argv[2] as string, 'utf8')) as ClientsConfig;
const ca = await readFile(config.caFile);
const agents: Agent[] = [];
const newAgent = () => {
  const agent = new Agent({ connect: { ca }, pipelining: 0 });
  agents.push(agent);
  return agent;
};
const sort = { column: 'receivedAt', dir: 'desc' } as const;
const result: ClientsResult = {
  list: [],
  listTotal: [],
  filter: [],
  filterTotal: [],
  open: [],
  claim: [],
  event: [],
  claims: 0,
  refused: 0,
};

// The observer: another workstation's event stream, noting when each case id arrives.
const arrivals = new Map<string, number>();
const observerAgent = newAgent();
const observer = watchCaseEvents(
  config.url,
  config.tokens[1 % config.tokens.length] as string,
  (ids) => {
    for (const id of ids) if (!arrivals.has(id)) arrivals.set(id, performance.now());
  },
  async (url, init) => {
    const response = await fetch(url, { ...init, dispatcher: observerAgent });
    return {
      ok: response.ok,
      status: response.status,
      body: response.body as ReadableStream<Uint8Array> | null,
    };
  },
);
await observer.opened;

const claimSent = new Map<string, number>();
await Promise.all(
  Array.from({ length: config.clients }, async (_, client) => {
    const agent = newAgent();
    const token = config.tokens[client % config.tokens.length] as string;
    const api = async (name: string, input: unknown) => {
      const response = await fetch(`${config.url}/api/call/${name}`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as { ok: boolean; value?: unknown };
      if (!body.ok) result.refused++;
      return body;
    };
    for (let round = 0; round < config.rounds; round++) {
      const id = config.newIds[client * config.rounds + round] as string;
      const all = { sort };
      const filtered = {
        sort,
        status: ['new'],
        text: config.surnames[(client + round) % config.surnames.length],
      };
      // As the inbox asks (renderer/src/inbox/useCaseWindow.ts): a page without its count, then the count.
      result.list.push(await time(() => api('cases.list', { ...all, limit: 50, withTotal: false })));
      result.listTotal.push(await time(() => api('cases.list', { ...all, offset: 0, limit: 1 })));
      result.filter.push(await time(() => api('cases.list', { ...filtered, limit: 50, withTotal: false })));
      result.filterTotal.push(await time(() => api('cases.list', { ...filtered, offset: 0, limit: 1 })));
      let version = 1;
      result.open.push(
        await time(async () => {
          const view = (await api('cases.get', { id })).value as { case?: { version: number } } | undefined;
          version = view?.case?.version ?? version;
        }),
      );
      claimSent.set(id, performance.now());
      result.claim.push(
        await time(() => api('cases.transition', { id, action: 'claim', expectedVersion: version })),
      );
    }
  }),
);
// Events still on their way: a moment for the last ones (not a measurement).
await new Promise((done) => setTimeout(done, 2_000));
observer.close();
result.claims = claimSent.size;
for (const [id, sent] of claimSent) {
  const arrived = arrivals.get(id);
  if (arrived !== undefined) result.event.push(arrived - sent);
}
for (const agent of agents) await agent.close().catch(() => undefined);
process.stdout.write(`${JSON.stringify(result)}\n`);

async function time(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}
