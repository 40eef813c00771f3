/**
 * Hand-over costs, each against a baseline from the same run:
 * - mapping: `dryRun` of the Wohnsitzanmeldung example (XML record) per case, against `JSON.stringify` of
 *   the same form data (the least any record writer does);
 * - hot folder: one record with 1 MB + 8 MB + 100 KB attachments (hash check, SHA-256 manifest, fsync,
 *   atomic rename), against plain `copyFile` of the same files into a directory;
 * - HTTP: a 64 MB attachment as streamed multipart to a local server, against a raw undici POST of the same
 *   file; peak RSS growth of each shows whether the body is buffered.
 *
 *   npx tsx test/bench/run.ts handover
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { createHotFolderAdapter } from '../../main/handover/adapters/hot-folder';
import { createHttpAdapter } from '../../main/handover/adapters/http';
import { dryRun } from '../../main/handover/handover';
import { readMappingFile } from '../../main/handover/mapping/load';
import type { HandoverAttachment, HandoverCase } from '../../main/handover/types';
import { createRandom } from '../../platform/random';
import { GENERATORS } from '../../platform/sender/services';

const MAPPING_RUNS = 2000;
const FOLDER_RUNS = 12;
const HTTP_RUNS = 6;
const MB = 1024 * 1024;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function line(label: string, samples: number[], unit: 'ms' | 'µs'): string {
  const scale = unit === 'µs' ? 1000 : 1;
  const fmt = (value: number) => (value * scale).toFixed(unit === 'µs' ? 1 : 2).padStart(9);
  return `${label.padEnd(34)} p50 ${fmt(percentile(samples, 50))} ${unit}   p95 ${fmt(percentile(samples, 95))} ${unit}`;
}

function ratio(subject: number[], baseline: number[]): string {
  return `ratio p50 ${(percentile(subject, 50) / percentile(baseline, 50)).toFixed(1)}×`;
}

async function timed(runs: number, action: (run: number) => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await action(run);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Highest RSS seen while `action` runs, above the RSS at its start (sampled every 5 ms). */
async function peakRssGrowth(
  action: () => Promise<unknown>,
): Promise<{ result: number[]; growthMb: number }> {
  global.gc?.();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const result = (await action()) as number[];
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { result, growthMb: (peak - start) / MB };
}

async function fileAttachment(
  dir: string,
  name: string,
  size: number,
): Promise<HandoverAttachment & { path: string }> {
  const bytes = randomBytes(size);
  const path = join(dir, `source-${randomUUID()}`);
  await writeFile(path, bytes);
  return {
    attachmentId: randomUUID(),
    filename: name,
    mimeType: 'application/pdf',
    size,
    sha512: createHash('sha512').update(bytes).digest('hex'),
    open: () => createReadStream(path),
    path,
  };
}

function wohnsitzCase(attachments: HandoverAttachment[], data: unknown): HandoverCase {
  return {
    caseId: randomUUID(),
    fileReference: '33.20-2025/0001',
    serviceIdentifier: 'urn:de:fim:leika:leistung:99115001007000',
    serviceName: 'Anmeldung einer Wohnung',
    receivedAt: '2025-03-10T09:00:00.000Z',
    submissionId: randomUUID(),
    fitCaseId: randomUUID(),
    data,
    dataMimeType: 'application/json',
    metadata: {},
    attachments,
  };
}

export default async function (): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'antragsdesk-bench-handover-'));
  try {
    const mapping = await readMappingFile(
      new URL('../../assets/mappings/wohnsitzanmeldung.json', import.meta.url).pathname,
    );
    const drafts = Array.from(
      { length: 50 },
      (_, seed) => GENERATORS.wohnsitzanmeldung(createRandom(seed + 1), new Date()).data,
    );

    // Mapping.
    const mapped = await timed(MAPPING_RUNS, (run) =>
      dryRun(wohnsitzCase([], drafts[run % drafts.length]), mapping),
    );
    const stringified = await timed(MAPPING_RUNS, (run) => JSON.stringify(drafts[run % drafts.length]));
    console.log(line('mapping dryRun (XML record)', mapped, 'µs'));
    console.log(line('baseline JSON.stringify(data)', stringified, 'µs'));
    console.log(ratio(mapped, stringified));

    // Hot folder.
    const attachments = [
      await fileAttachment(dir, 'Wohnungsgeberbestätigung.pdf', MB),
      await fileAttachment(dir, 'Mietvertrag.pdf', 8 * MB),
      await fileAttachment(dir, 'Ausweis.png', 100 * 1024),
    ];
    const folder = join(dir, 'import');
    await mkdir(folder);
    const adapter = createHotFolderAdapter({ folder });
    const handoverCase = wohnsitzCase(attachments, drafts[0]);
    const record = dryRun(handoverCase, mapping);
    const delivered = await timed(FOLDER_RUNS, async (run) => {
      const outcome = await adapter.deliver(handoverCase, record, { idempotencyKey: `bench-${run}` });
      if (outcome.kind !== 'delivered') throw new Error(`hot folder: ${outcome.error.message}`);
    });
    const copied = await timed(FOLDER_RUNS, async (run) => {
      const target = join(folder, `copy-${run}`);
      await mkdir(target);
      await writeFile(join(target, record.document.fileName), record.document.text);
      for (const attachment of attachments)
        await copyFile(attachment.path, join(target, attachment.filename));
    });
    console.log(line('hot folder deliver (9.1 MB)', delivered, 'ms'));
    console.log(line('baseline copyFile into a dir', copied, 'ms'));
    console.log(ratio(delivered, copied));

    // HTTP.
    const server = createServer(async (req, res) => {
      for await (const _ of req) {
        // drain
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"bench"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/import`;
    const big = await fileAttachment(dir, 'Bauplan.tif', 64 * MB);
    const bigCase = wohnsitzCase([big], drafts[0]);
    const bigRecord = dryRun(bigCase, mapping);
    const http = createHttpAdapter({ url, bearerToken: 'bench' });
    const subject = await peakRssGrowth(() =>
      timed(HTTP_RUNS, async (run) => {
        const outcome = await http.deliver(bigCase, bigRecord, { idempotencyKey: `bench-${run}` });
        if (outcome.kind !== 'delivered') throw new Error(`http: ${outcome.error.message}`);
      }),
    );
    const baseline = await peakRssGrowth(() =>
      timed(HTTP_RUNS, async () => {
        const response = await request(url, { method: 'POST', body: createReadStream(big.path) });
        await response.body.dump();
      }),
    );
    await http.close();
    server.close();
    console.log(
      `${line('http multipart (64 MB attachment)', subject.result, 'ms')}   peak RSS +${subject.growthMb.toFixed(1)} MB`,
    );
    console.log(
      `${line('baseline raw POST of the file', baseline.result, 'ms')}   peak RSS +${baseline.growthMb.toFixed(1)} MB`,
    );
    console.log(ratio(subject.result, baseline.result));
    console.log(`process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
