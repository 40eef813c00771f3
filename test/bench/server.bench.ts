/**
 * The department service under a team's load: 100,000 cases of one department in PostgreSQL (a private
 * cluster), the service run as IT runs it (`node out/main/server.js`, HTTPS with a self-signed certificate,
 * the demo's identity provider and profiles, `DATABASE_URL` to that cluster), and 50 simulated
 * workstations, each with its own TLS connection and access token, listing, filtering, opening and
 * claiming cases. Prints p50/p95 per call; how long a claim by one client takes to reach another client's
 * event stream; the service's memory per connected event stream. Goals: p95 < 100 ms per call, p95 < 500 ms
 * per event.
 *
 * Baselines from the same run: the same list, filter and open through the store in this process (no HTTP,
 * no token check), an HTTPS round trip that touches nothing (`/healthz`), and a bare NOTIFY → LISTEN
 * round trip on the same cluster.
 *
 *   npm run bench server
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import pg from 'pg';
import { Agent, fetch } from 'undici';
import { migratePostgres, openPostgresStore } from '../../main/postgres';
import { startCluster } from '../../main/postgres/cluster';
import { listCases } from '../../main/postgres/search';
import { inDepartmentTransaction, type SqlSession } from '../../main/postgres/sql';
import { buildIfChanged } from '../../main/web/build';
import type { CaseStatus } from '../../shared/cases/types';
import { watchCaseEvents } from '../support/case-events';
import { accessToken } from '../support/department-service';
import { sampleIntake } from '../support/vault-fixtures';
import { describeSamples, mib, percentile, ratio } from './samples';
import type { ClientsConfig, ClientsResult } from './server-clients';

/** Written through the store; the rest are copies of these. */
const STORED = 2_000;
/** A multiple of STORED; smaller (BENCH_SERVER_CASES=10000) to check a change without the full run. */
const CASES = Number(process.env.BENCH_SERVER_CASES ?? 100_000);
if (!Number.isInteger(CASES / STORED) || CASES < STORED) {
  throw new Error(`BENCH_SERVER_CASES must be a multiple of ${STORED}`);
}
const CLIENTS = 50;
/** Rounds of list, filter, open and claim per client. */
const ROUNDS = 20;
/** Extra event streams opened to measure the service's memory per connected client. */
const EXTRA_STREAMS = 200;
const DEPARTMENT = 'buergerservice';
const SERVICES = ['Meldebescheinigung', 'Anmeldung einer Wohnung', 'Führungszeugnis', 'Wohngeld'];
const SURNAMES =
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch'.split(' ');
const STATUSES: CaseStatus[] = ['new', 'new', 'new', 'in_review', 'accepted', 'notice_sent', 'archived'];
const DAY = 86_400_000;
const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

export default async function serverBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-server-'));
  // A folder of its own: run as root, the cluster runs as the postgres user, which cannot enter `dir`.
  const clusterDir = await mkdtemp(join(tmpdir(), 'bench-server-pg-'));
  const cluster = await startCluster({ dir: clusterDir, ephemeral: true });
  const pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
  let service: ChildProcess | undefined;
  const agents: Agent[] = [];
  try {
    await migratePostgres(pool);
    const store = openPostgresStore({ pool, department: DEPARTMENT, masterKey: randomBytes(32) });
    const query = { department: DEPARTMENT, sort: { column: 'receivedAt', dir: 'desc' } } as const;
    const seeded = performance.now();
    await seed(store, cluster.adminUrl);
    console.log(
      `seeded ${CASES.toLocaleString('en')} cases in ${((performance.now() - seeded) / 1000).toFixed(0)} s`,
    );

    console.log(await explainRareSearch(pool, 'Schäfer 1234'));

    await buildIfChanged(root);
    const tls = await selfSignedCertificate(dir);
    const started = await startService(dir, cluster.url, tls);
    service = started.child;
    const { url, identityProvider } = started;
    const ca = await readFile(tls.cert);
    const newAgent = () => {
      const agent = new Agent({ connect: { ca }, pipelining: 0 });
      agents.push(agent);
      return agent;
    };
    // Two people of the department, as 50 workstations would sign in: their tokens, shared round-robin.
    const tokens = [
      await accessToken(identityProvider, 'anna.schmidt'),
      await accessToken(identityProvider, 'tom.becker'),
    ];

    const newIds: string[] = [];
    for (let offset = 0; newIds.length < CLIENTS * ROUNDS; offset += 500) {
      const page = await store.cases.list({
        ...query,
        status: ['new'],
        offset,
        limit: 500,
        withTotal: false,
      });
      newIds.push(...page.rows.map((row) => row.id));
    }

    // Baselines: the store in this process, and an HTTPS round trip that touches nothing.
    const direct = { list: [] as number[], filter: [] as number[], open: [] as number[] };
    for (let i = 0; i < 100; i++) {
      direct.list.push(await time(() => store.cases.list({ ...query, limit: 50, withTotal: false })));
      direct.filter.push(
        await time(() =>
          store.cases.list({
            ...query,
            status: ['new'],
            text: SURNAMES[i % SURNAMES.length] as string,
            limit: 50,
            withTotal: false,
          }),
        ),
      );
      direct.open.push(await time(() => store.cases.get(newIds[i % newIds.length] as string)));
    }
    const healthAgent = newAgent();
    const health: number[] = [];
    for (let i = 0; i < 100; i++) {
      health.push(
        await time(async () => (await fetch(`${url}/healthz`, { dispatcher: healthAgent })).text()),
      );
    }

    // The 50 workstations and the observer run in a process of their own: the figures are the service's.
    const load = { before: loadavg() };
    const calls = await runClients(dir, {
      url,
      caFile: tls.cert,
      tokens,
      newIds,
      clients: CLIENTS,
      rounds: ROUNDS,
      surnames: SURNAMES,
    });
    const loadAfter = loadavg();
    const eventLatency = calls.event;

    const notify = await notifyRoundTrips(cluster.url);

    // Memory: the service's resident size before and after opening more event streams.
    const pid = service.pid as number;
    const before = await residentBytes(pid);
    const extra = Array.from({ length: EXTRA_STREAMS }, (_, i) =>
      watchCaseEvents(url, tokens[i % tokens.length] as string, () => undefined, overAgent(newAgent())),
    );
    await Promise.all(extra.map((stream) => stream.opened));
    await new Promise((done) => setTimeout(done, 1_000));
    const after = await residentBytes(pid);
    for (const stream of extra) stream.close();

    console.log(
      `${CLIENTS} clients × ${ROUNDS} rounds over HTTPS against ${CASES.toLocaleString('en')} cases ` +
        `(clients in their own process; load ${fmtLoad(load.before)} before, ${fmtLoad(loadAfter)} after):`,
    );
    console.log(describeSamples('cases.list (page of 50, no count)', calls.list));
    console.log(describeSamples('cases.list total (the count, as asked after)', calls.listTotal));
    console.log(describeSamples('cases.list filtered (status + text)', calls.filter));
    console.log(describeSamples('cases.list filtered total', calls.filterTotal));
    console.log(describeSamples('cases.get (open)', calls.open));
    console.log(describeSamples('cases.transition claim', calls.claim));
    console.log(`refused calls: ${calls.refused} (a claim that lost a race, or a failure: should be 0)`);
    console.log('baselines (same run):');
    console.log(describeSamples('  store in-process: list', direct.list));
    console.log(describeSamples('  store in-process: filtered', direct.filter));
    console.log(describeSamples('  store in-process: open', direct.open));
    console.log(describeSamples('  HTTPS /healthz round trip (one client)', health));
    console.log(
      `ratios: list ${ratio(calls.list, direct.list)}; filtered ${ratio(calls.filter, direct.filter)}; open ${ratio(calls.open, direct.open)} (under ${CLIENTS} concurrent clients vs one in-process caller)`,
    );
    console.log(
      `goal p95 < 100 ms: list ${verdict(calls.list, 100)}, filtered ${verdict(calls.filter, 100)}, open ${verdict(calls.open, 100)}, claim ${verdict(calls.claim, 100)}; totals ${verdict(calls.listTotal, 100)}, ${verdict(calls.filterTotal, 100)}`,
    );
    console.log(
      describeSamples(
        `claim → other client's event (${eventLatency.length}/${calls.claims} seen)`,
        eventLatency,
      ),
    );
    console.log(describeSamples('  baseline: NOTIFY → LISTEN on the cluster', notify));
    console.log(
      `event ${ratio(eventLatency, notify)} over bare NOTIFY; goal p95 < 500 ms: ${verdict(eventLatency, 500)}`,
    );
    console.log(
      `service memory: rss ${mib(before)} → ${mib(after)} with ${EXTRA_STREAMS} more event streams: ` +
        `${((after - before) / EXTRA_STREAMS / 1024).toFixed(1)} KiB per connected client`,
    );
  } finally {
    for (const agent of agents) await agent.close().catch(() => undefined);
    if (service && service.exitCode === null) {
      const exited = new Promise((done) => service?.once('exit', done));
      service.kill('SIGTERM');
      await exited;
    }
    await pool.end();
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(clusterDir, { recursive: true, force: true });
  }
}

/**
 * 2,000 cases through the store (what the intake writes), then copied in SQL to 100,000 with new ids, names
 * and dates: the store alone takes a quarter of an hour for them on a busy machine.
 */
export async function seed(store: ReturnType<typeof openPostgresStore>, adminUrl: string): Promise<void> {
  const start = Date.parse('2026-12-01T08:00:00.000Z');
  const BATCH = 500;
  for (let first = 0; first < STORED; first += BATCH) {
    await store.transaction(async (session) => {
      for (let n = first; n < first + BATCH; n++) {
        const { caseId } = await session.cases.storeIntake(
          sampleIntake({
            department: DEPARTMENT,
            applicantName: `${SURNAMES[n % SURNAMES.length]} ${n}`,
            serviceName: SERVICES[n % SERVICES.length] as string,
            receivedAt: new Date(start - (n % 720) * DAY - n * 1000).toISOString(),
          }),
        );
        const status = STATUSES[n % STATUSES.length] as CaseStatus;
        if (status !== 'new') await session.cases.update(caseId, 1, { status, assignee: 'tom.becker' });
      }
    });
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `CREATE TEMP TABLE copies AS SELECT c.id AS old_id, g AS n, gen_random_uuid()::text AS new_id
         FROM cases c CROSS JOIN generate_series(1, $1::int) g`,
      [CASES / STORED - 1],
    );
    await copyRows(admin, 'cases', 'cases c JOIN copies ON copies.old_id = c.id', {
      id: 'copies.new_id',
      fit_case_id: 'gen_random_uuid()::text',
      applicant_name: "c.applicant_name || ' ' || copies.n",
      received_at: 'c.received_at - make_interval(hours => copies.n)',
      file_reference: 'NULL',
    });
    await copyRows(admin, 'submissions', 'submissions c JOIN copies ON copies.old_id = c.case_id', {
      submission_id: 'gen_random_uuid()::text',
      case_id: 'copies.new_id',
    });
    await admin.query('ANALYZE');
  } finally {
    await admin.end();
  }
}

/** INSERT … SELECT of every column the table lets one write, with some taken from `replace`. */
async function copyRows(admin: pg.Client, table: string, from: string, replace: Record<string, string>) {
  const columns = (
    await admin.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_name = $1 AND is_generated = 'NEVER' AND is_identity = 'NO' ORDER BY ordinal_position`,
      [table],
    )
  ).rows.map((row) => row.name);
  const values = columns.map((column) => replace[column] ?? `c.${column}`);
  await admin.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${from}`);
}

async function selfSignedCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key };
}

/** `node out/main/server.js --demo` on the bench's database, with TLS: as the README starts it. */
async function startService(
  dir: string,
  databaseUrl: string,
  tls: { cert: string; key: string },
): Promise<{ child: ChildProcess; url: string; identityProvider: string }> {
  const dataDir = join(dir, 'service');
  const child = spawn(process.execPath, [join(root, 'out/main/server.js'), '--demo', '--data-dir', dataDir], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ANTRAGSDESK_TLS_CERT_FILE: tls.cert,
      ANTRAGSDESK_TLS_KEY_FILE: tls.key,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((done, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Abteilungsdienst läuft: (https:\/\/\S+)/.exec(output);
      if (match) done(match[1] as string);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => fail(new Error(`the service ended (${code}):\n${output}`)));
  });
  const ports = JSON.parse(await readFile(join(dataDir, 'demo/ports.json'), 'utf8')) as {
    identityProvider: number;
  };
  return { child, url, identityProvider: `http://127.0.0.1:${ports.identityProvider}` };
}

/** NOTIFY on one connection, heard on another: the floor under any event the service forwards. */
async function notifyRoundTrips(url: string): Promise<number[]> {
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  try {
    await listener.query('LISTEN bench_round_trip');
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const heard = new Promise<void>((done) => listener.once('notification', () => done()));
      const start = performance.now();
      await sender.query(`NOTIFY bench_round_trip, '${i}'`);
      await heard;
      samples.push(performance.now() - start);
    }
    return samples;
  } finally {
    await Promise.all([listener.end(), sender.end()]);
  }
}

/** undici's fetch over one client's own connection (its TLS session), as a workstation has. */
function overAgent(agent: Agent): Parameters<typeof watchCaseEvents>[3] {
  return async (url, init) => {
    const response = await fetch(url, { ...init, dispatcher: agent });
    return {
      ok: response.ok,
      status: response.status,
      body: response.body as ReadableStream<Uint8Array> | null,
    };
  };
}

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return Number(kib) * 1024;
}

async function time(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

function verdict(samples: readonly number[], goalMs: number): string {
  const p95 = percentile(samples, 95);
  return `${p95.toFixed(1)} ms ${p95 < goalMs ? 'met' : 'missed'}`;
}

/** Runs server-clients.ts in a child process and answers its samples. */
async function runClients(dir: string, config: ClientsConfig): Promise<ClientsResult> {
  const configFile = join(dir, 'clients.json');
  await writeFile(configFile, JSON.stringify(config));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'server-clients.ts'), configFile],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`the clients' process ended with ${code}`);
  return JSON.parse(output.trim().split('\n').at(-1) as string) as ClientsResult;
}

/**
 * The plan of the inbox's page query for a rare word, run as the service runs it (its role, row security,
 * the department's transaction): the proof that the search reaches an index under row security.
 */
async function explainRareSearch(pool: pg.Pool, text: string): Promise<string> {
  return inDepartmentTransaction(pool, DEPARTMENT, async (tx) => {
    let page: { text: string; values: unknown[] } | undefined;
    const recording: SqlSession = {
      query: (sql, values) => {
        if (/^SELECT c\.id/.test(sql)) page = { text: sql, values: values ?? [] };
        return tx.db.query(sql, values);
      },
    };
    const found = await listCases(recording, { department: DEPARTMENT, text, withTotal: false });
    if (!page) throw new Error('no page query');
    const plan = await tx.db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${page.text}`,
      page.values,
    );
    const lines = plan.rows.map((row) => row['QUERY PLAN']);
    return [
      `search "${text}" (${found.rows.length} found) under row security, plan of the page query:`,
      ...lines.filter((line) => /Scan|Index Cond|Execution Time/.test(line)).map((line) => `  ${line}`),
    ].join('\n');
  });
}

const fmtLoad = (load: number[]) => load.map((l) => l.toFixed(2)).join(' ');
