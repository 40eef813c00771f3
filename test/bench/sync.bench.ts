/**
 * FIT-Connect sync against the local platform (in a child process, so serving does not share the measured
 * process): 1,000 submissions with 3 attachments each (about 200 KB per submission), and as baselines in the
 * same run the raw cost of only decrypting and hashing the same JWEs with jose (fetched once beforehand): in
 * this thread, and spread over one worker thread per core (the goal: sync ≤ 1.2× that). Also one 1 GiB
 * attachment, streamed. Prints totals, per-submission p50/p95, ratios, CPU time, load and peak RSS.
 * `BENCH_SYNC_SUBMISSIONS` changes the count; `BENCH_SYNC_LARGE=0` leaves out the 1 GiB attachment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compactDecrypt } from 'jose';
import { importDecryptionKeys, readProtectedHeader } from '../../main/fitconnect/crypto';
import { type Decryption, decryptionHere, sharedDecryptionPool } from '../../main/fitconnect/decrypt-pool';
import {
  createSyncService,
  DEFAULT_SUBSCRIBER_SETTINGS,
  openSubscriberConnections,
  type SubscriberSettings,
  type SyncResult,
} from '../../main/fitconnect/subscriber';
import { createLimiter } from '../../main/fitconnect/subscriber/limiter';
import { Outbox } from '../../main/outbox';
import { vaultStore } from '../../main/store';
import { openVault } from '../../main/vault';
import {
  catalog,
  demoCredentials,
  demoDestinations,
  type PlatformAccess,
  runSyncChild,
  senderClient,
  sendLargeSubmission,
  sendLight,
} from '../unit/subscriber/fixtures';

const SUBMISSIONS = Number(process.env.BENCH_SYNC_SUBMISSIONS ?? 1_000);
const WITH_LARGE = process.env.BENCH_SYNC_LARGE !== '0';
const CORES = availableParallelism();
const RAW_WORKER = new URL('./raw-decrypt-worker.ts', import.meta.url);
const ATTACHMENT_SIZES = [60_000, 70_000, 70_000];
const LARGE = 1024 ** 3;
const SETTINGS: Partial<SubscriberSettings> = { maxAttachmentBytes: 2 * LARGE };
const PLATFORM_CHILD = fileURLToPath(new URL('../unit/subscriber/platform-child.ts', import.meta.url));
const MiB = 2 ** 20;
const SYNC_CONCURRENCY = DEFAULT_SUBSCRIBER_SETTINGS.submissionConcurrency;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function startPlatformChild(dataDir: string): Promise<{ child: ChildProcess; platform: PlatformAccess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PLATFORM_CHILD, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const newline = output.indexOf('\n');
      if (newline !== -1)
        resolve({ child, platform: JSON.parse(output.slice(0, newline)) as PlatformAccess });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`platform child exited with ${code}`)));
  });
}

/** Peak RSS while `work` runs, sampled every 20 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; baseline: number; peak: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const value = await work();
    return { value, baseline, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
  }
}

/** One sync of `departments` into a fresh vault; per-submission figures are the intervals between completions. */
async function syncOnce(
  platform: PlatformAccess,
  dir: string,
  departments: number[],
  decryption: Decryption = sharedDecryptionPool(),
) {
  const vault = openVault({ dir, key: randomBytes(32) });
  const connections = openSubscriberConnections(demoCredentials(platform, departments), SETTINGS, decryption);
  const store = vaultStore(vault);
  const sync = createSyncService({ store, catalog, connections, outbox: new Outbox({ store }) });
  const completions: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  const measured = await withPeakRss(() =>
    sync.run((progress) => {
      if (progress.phase === 'fetching' && progress.done > 0) completions.push(performance.now());
    }),
  );
  const totalMs = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  await connections.close();
  vault.close();
  const intervals = completions
    .map((at, index) => at - (completions[index - 1] ?? start))
    .sort((a, b) => a - b);
  return {
    result: measured.value as SyncResult,
    totalMs,
    intervals,
    rssGrowth: measured.peak - measured.baseline,
    cpuMs: (user + system) / 1000,
  };
}

interface Fetched {
  jwes: string[];
}

/** The JWEs of every submission of department 0, fetched once (not timed). */
async function fetchAll(platform: PlatformAccess): Promise<Fetched[]> {
  const department = platform.demo.departments[0];
  if (department === undefined) throw new Error('demo department missing');
  const tokenResponse = await fetch(platform.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: department.clientId,
      client_secret: department.clientSecret,
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const get = async (path: string) => {
    const response = await fetch(`${platform.url}/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response;
  };
  const limit = createLimiter(8);
  const fetched: Fetched[] = [];
  for (const destination of department.destinations) {
    for (let offset = 0; ; offset += 500) {
      const page = (await (
        await get(`/submissions?destinationId=${destination.destinationId}&offset=${offset}&limit=500`)
      ).json()) as { count: number; totalCount: number; submissions: { submissionId: string }[] };
      const parts = await Promise.all(
        page.submissions.map(({ submissionId }) =>
          limit(async () => {
            const submission = (await (await get(`/submissions/${submissionId}`)).json()) as {
              encryptedMetadata: string;
              encryptedData: string;
              attachments: string[];
            };
            const attachments = await Promise.all(
              submission.attachments.map(async (id) =>
                (await get(`/submissions/${submissionId}/attachments/${id}`)).text(),
              ),
            );
            return { jwes: [submission.encryptedMetadata, submission.encryptedData, ...attachments] };
          }),
        ),
      );
      fetched.push(...parts);
      if (page.count === 0 || offset + page.count >= page.totalCount) break;
    }
  }
  return fetched;
}

/** jose compactDecrypt + SHA-512 of every part, per submission; `concurrency` submissions at once. */
async function raw(platform: PlatformAccess, fetched: readonly Fetched[], concurrency: number) {
  const keys = importDecryptionKeys(
    demoDestinations(platform, 0).flatMap((destination) => destination.encryptionKeys),
  );
  const limit = createLimiter(concurrency);
  const durations: number[] = [];
  const start = performance.now();
  const measured = await withPeakRss(() =>
    Promise.all(
      fetched.map(({ jwes }) =>
        limit(async () => {
          const begin = performance.now();
          for (const jwe of jwes) {
            const key = keys.get(readProtectedHeader(jwe).kid);
            if (key === undefined) throw new Error('no key for a part');
            const { plaintext } = await compactDecrypt(jwe, key, {
              maxDecompressedLength: SETTINGS.maxAttachmentBytes,
            });
            createHash('sha512').update(plaintext).digest('hex');
          }
          durations.push(performance.now() - begin);
        }),
      ),
    ),
  );
  return {
    totalMs: performance.now() - start,
    durations: durations.sort((a, b) => a - b),
    rssGrowth: measured.peak - measured.baseline,
  };
}

/** The same work spread over one worker thread per core, each decrypting its share one part at a time. */
async function rawOnEveryCore(platform: PlatformAccess, fetched: readonly Fetched[]) {
  const jwks = demoDestinations(platform, 0).flatMap((destination) => destination.encryptionKeys);
  const shares = Array.from({ length: CORES }, (_, core) =>
    fetched.filter((_, index) => index % CORES === core).map(({ jwes }) => jwes),
  );
  const start = performance.now();
  const measured = await withPeakRss(() =>
    Promise.all(
      shares.map(
        (submissions) =>
          new Promise<number[]>((resolve, reject) => {
            const worker = new Worker(RAW_WORKER, {
              workerData: { jwks, submissions, maxDecompressedLength: SETTINGS.maxAttachmentBytes },
            });
            worker.once('message', (durations: number[]) => {
              resolve(durations);
              void worker.terminate();
            });
            worker.once('error', reject);
          }),
      ),
    ),
  );
  return {
    totalMs: performance.now() - start,
    durations: measured.value.flat().sort((a, b) => a - b),
    rssGrowth: measured.peak - measured.baseline,
  };
}

export default async function (): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'sync-bench-'));
  const { child, platform } = await startPlatformChild(join(work, 'platform'));
  try {
    if (WITH_LARGE) await syncLarge(platform, work);
    const started = performance.now();
    const sent = await sendLight(senderClient(platform), demoDestinations(platform, 0), SUBMISSIONS, {
      seed: 1_000,
      concurrency: 8,
      attachmentSizes: ATTACHMENT_SIZES,
    });
    if (sent.length !== SUBMISSIONS) throw new Error('not every submission was sent');
    console.log(
      `sent ${SUBMISSIONS} submissions × ${ATTACHMENT_SIZES.length} attachments (${ATTACHMENT_SIZES.reduce((a, b) => a + b, 0) / 1000} KB of attachments each) in ${((performance.now() - started) / 1000).toFixed(1)} s (not measured)`,
    );

    const synced = await syncOnce(platform, join(work, 'vault'), [0]);
    // The same sync with every decryption on the main thread (and jose's RSA on libuv's pool), as before.
    const inThread = await syncOnce(platform, join(work, 'vault-in-thread'), [0], decryptionHere);
    for (const { result } of [synced, inThread]) {
      if (result.fetched !== SUBMISSIONS || result.verificationFailed !== 0) {
        throw new Error(`sync stored ${result.fetched}, failed ${result.verificationFailed}`);
      }
    }
    const fetched = await fetchAll(platform);
    const sequential = await raw(platform, fetched, 1);
    const concurrent = await raw(platform, fetched, SYNC_CONCURRENCY);
    const everyCore = await rawOnEveryCore(platform, fetched);

    const row = (name: string, totalMs: number, sorted: readonly number[], rss: number) =>
      console.log(
        `${name.padEnd(34)} | ${(totalMs / 1000).toFixed(1).padStart(7)} | ${percentile(sorted, 0.5).toFixed(1).padStart(7)} / ${percentile(sorted, 0.95).toFixed(1).padEnd(7)} | ${(rss / MiB).toFixed(0).padStart(6)}`,
      );
    console.log(
      `${`${SUBMISSIONS} submissions`.padEnd(34)} | total s | p50 / p95 ms per submission | RSS growth MiB`,
    );
    row(
      `sync (${SYNC_CONCURRENCY} submissions at once) ¹`,
      synced.totalMs,
      synced.intervals,
      synced.rssGrowth,
    );
    row('sync, decrypting in the main thread ¹', inThread.totalMs, inThread.intervals, inThread.rssGrowth);
    row(
      'raw jose decrypt + sha512, 1 at once',
      sequential.totalMs,
      sequential.durations,
      sequential.rssGrowth,
    );
    row(
      `raw jose decrypt + sha512, ${SYNC_CONCURRENCY} at once`,
      concurrent.totalMs,
      concurrent.durations,
      concurrent.rssGrowth,
    );
    row(
      `raw jose decrypt + sha512, ${CORES} threads`,
      everyCore.totalMs,
      everyCore.durations,
      everyCore.rssGrowth,
    );
    console.log('¹ per submission: interval between completions (throughput), since submissions overlap');
    console.log(
      `ratio sync / raw (1 at once): ${(synced.totalMs / sequential.totalMs).toFixed(2)} · sync / raw (${SYNC_CONCURRENCY} at once): ${(synced.totalMs / concurrent.totalMs).toFixed(2)} · sync / raw over every core (${CORES} threads, goal ≤ 1.2): ${(synced.totalMs / everyCore.totalMs).toFixed(2)} · peak RSS of this process ${(process.memoryUsage().rss / MiB).toFixed(0)} MiB (raw holds all JWEs)`,
    );
    console.log(
      `sync used ${(synced.cpuMs / 1000).toFixed(1)} s CPU in this process (decryption threads included), in the main thread ${(inThread.cpuMs / 1000).toFixed(1)} s · sync on threads / in the main thread: ${(synced.totalMs / inThread.totalMs).toFixed(2)} · load after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(work, { recursive: true, force: true });
  }
}

/** One 1 GiB attachment to the other department's destination, first, while this process is still small. */
async function syncLarge(platform: PlatformAccess, work: string): Promise<void> {
  const [large] = demoDestinations(platform, 1);
  if (large === undefined) throw new Error('demo destination missing');
  let started = performance.now();
  await sendLargeSubmission(platform, large, LARGE);
  console.log(
    `sent 1 GiB attachment in ${((performance.now() - started) / 1000).toFixed(1)} s (not measured)`,
  );
  // Synced in a child process of its own, so that its RSS shows the sync alone.
  started = performance.now();
  const big = await runSyncChild({
    vaultDir: join(work, 'vault-large'),
    vaultKeyHex: randomBytes(32).toString('hex'),
    credentials: demoCredentials(platform, [1]),
    settings: SETTINGS,
  });
  const bigMs = performance.now() - started;
  if (big === 'killed' || big.result.fetched !== 1 || big.result.verificationFailed !== 0) {
    throw new Error('1 GiB sync did not verify');
  }
  console.log(
    `sync 1 GiB attachment (child process, incl. ~1 s start): ${(bigMs / 1000).toFixed(1)} s (${(LARGE / MiB / (bigMs / 1000)).toFixed(0)} MiB/s), RSS ${(big.baseline / MiB).toFixed(0)} MiB before, peak growth ${((big.peak - big.baseline) / MiB).toFixed(0)} MiB`,
  );
}
