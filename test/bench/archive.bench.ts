/**
 * Exporting a case with 50 MB of attachments (5 × 10 MB) as an xdomea package, against `zip -r` (Debian
 * zip, deflate level 6 like yazl) of the same files in the same run. Also the export's RSS growth, sampled while it runs: streaming must keep
 * it far below the 50 MB of content.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ArchiveCase, ArchiveDocument } from '../../main/archive/model';
import { packageCase } from '../../main/archive/package';

const run = promisify(execFile);

const ATTACHMENTS = 5;
const ATTACHMENT_BYTES = 10 * 1024 * 1024;
const RUNS = 5;
const MB = 1024 * 1024;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function timed(action: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export default async function (): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'antragsdesk-bench-archive-'));
  try {
    const sources = join(root, 'sources');
    const importDir = join(root, 'import');
    await mkdir(sources);
    await mkdir(importDir);
    const documents: ArchiveDocument[] = [];
    for (let i = 1; i <= ATTACHMENTS; i++) {
      const path = join(sources, `Anlage-${i}.pdf`);
      // Random bytes, like scans and photos: deflate gains nothing, the worst case for both tools.
      await writeFile(path, randomBytes(ATTACHMENT_BYTES));
      documents.push({
        kind: 'attachment',
        name: `Anlage ${i}.pdf`,
        mimeType: 'application/pdf',
        size: ATTACHMENT_BYTES,
        open: () => createReadStream(path),
      });
    }
    const archiveCase: ArchiveCase = {
      caseId: 'bench-case',
      fileReference: 'AZ 1/2024',
      subject: 'Benchmark',
      receivedAt: new Date(),
      service: 'Wohngeld',
      documents,
    };
    const settings = {
      sender: { name: 'Stadt Musterstadt' },
      recipient: { name: 'E-Akte' },
      creatorId: 'bench',
      appVersion: '0.0.0',
    };

    const exportOnce = async () => {
      const receipt = await packageCase(archiveCase, { importDir, settings });
      await rm(receipt.zipPath);
    };
    let baselineBytes = 0;
    const zipOnce = async () => {
      const out = join(root, 'baseline.zip');
      await run('zip', ['-r', '-q', out, '.'], { cwd: sources });
      baselineBytes = (await stat(out)).size;
      await rm(out);
    };

    // Warm-up, then the peak-RSS run on its own so sampling does not distort the timings.
    await exportOnce();
    await zipOnce();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    }, 5);
    const receipt = await packageCase(archiveCase, { importDir, settings });
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    const zipBytes = (await stat(receipt.zipPath)).size;
    await rm(receipt.zipPath);

    const subject: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so drift in machine load hits both alike.
      subject.push(await timed(exportOnce));
      baseline.push(await timed(zipOnce));
    }

    const p50 = percentile(subject, 50);
    const basep50 = percentile(baseline, 50);
    console.log(`content: ${ATTACHMENTS} × ${ATTACHMENT_BYTES / MB} MB, ${RUNS} runs each after one warm-up`);
    console.log(
      `export (packageCase)  p50 ${p50.toFixed(0)} ms  p95 ${percentile(subject, 95).toFixed(0)} ms  ` +
        `→ ${(((ATTACHMENTS * ATTACHMENT_BYTES) / MB / p50) * 1000).toFixed(0)} MB/s, ZIP ${(zipBytes / MB).toFixed(1)} MB`,
    );
    console.log(
      `baseline (zip -r -q)  p50 ${basep50.toFixed(0)} ms  p95 ${percentile(baseline, 95).toFixed(0)} ms  ` +
        `ZIP ${(baselineBytes / MB).toFixed(1)} MB`,
    );
    console.log(`ratio export/zip (p50): ${(p50 / basep50).toFixed(2)}`);
    console.log(
      `RSS during export: before ${(rssBefore / MB).toFixed(1)} MB, peak ${(rssPeak / MB).toFixed(1)} MB, ` +
        `growth ${((rssPeak - rssBefore) / MB).toFixed(1)} MB (content ${((ATTACHMENTS * ATTACHMENT_BYTES) / MB).toFixed(0)} MB)`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
