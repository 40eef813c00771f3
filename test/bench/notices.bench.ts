/**
 * Notices: compose + render (PDF/A-2b) + seal (PAdES-B-B, RSA 4096) of one Bescheid, against bare
 * @signpdf signing (placeholder-plain + P12Signer, one signer per document) of an unsealed notice of the
 * same size, in the same run and warm. Then 100 notices in a row, to see whether memory grows.
 * Run: `npx tsx test/bench/run.ts notices` (prefix NODE_OPTIONS=--expose-gc for forced collections).
 */
import { performance } from 'node:perf_hooks';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import {
  composeNotice,
  loadSealCredentials,
  readNoticeTemplates,
  renderNoticePdf,
  sealPdf,
} from '../../main/notices';
import { readPdfFontFiles } from '../../main/pdf/fonts';
import { createTestRootCa, issueSealCertificate, toPkcs12 } from '../support/pki-seal';
import { caseFields, profile } from '../unit/notices/fixtures';

const iterations = 30;
const warmup = 5;
const password = 'bench';

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function describeSamples(name: string, samples: readonly number[]): string {
  const mean = samples.reduce((sum, s) => sum + s, 0) / samples.length;
  return `${name.padEnd(44)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms   mean ${mean.toFixed(1).padStart(7)} ms`;
}

async function timed<T>(action: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await action();
  return { ms: performance.now() - start, value };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export default async function (): Promise<void> {
  const fonts = await readPdfFontFiles();
  const template = (await readNoticeTemplates()).find((t) => t.id === 'bescheid-bewilligung');
  if (!template) throw new Error('template bescheid-bewilligung missing');
  const ca = await createTestRootCa(3072);
  const seal = await issueSealCertificate(ca, { bits: 4096 });
  const p12 = toPkcs12(seal, [ca], password);
  const credentials = loadSealCredentials(p12, password);
  const unsealed = Buffer.from(
    await renderNoticePdf(composeNotice(template, caseFields, profile), profile, {
      fonts,
      createdAt: new Date(),
    }),
  );

  const subject = async (): Promise<Uint8Array> => {
    const draft = composeNotice(template, caseFields, profile);
    const pdf = await renderNoticePdf(draft, profile, { fonts, createdAt: new Date() });
    return sealPdf(pdf, credentials, { sealedAt: new Date() });
  };
  const baseline = async (): Promise<Buffer> => {
    const prepared = plainAddPlaceholder({
      pdfBuffer: unsealed,
      reason: 'Elektronisches Siegel',
      contactInfo: '',
      name: 'Stadt Musterhausen',
      location: 'Musterhausen',
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    });
    return new SignPdf().sign(prepared, new P12Signer(p12, { passphrase: password }));
  };

  const sizes = { subject: (await subject()).length, baseline: (await baseline()).length };
  for (let i = 0; i < warmup; i++) {
    await subject();
    await baseline();
  }

  // Interleaved, so that load from other processes on the machine hits both alike.
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  const parts = { compose: [] as number[], render: [] as number[], seal: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    subjectTimes.push((await timed(subject)).ms);
    baselineTimes.push((await timed(baseline)).ms);
    const composed = await timed(() => composeNotice(template, caseFields, profile));
    const rendered = await timed(() =>
      renderNoticePdf(composed.value, profile, { fonts, createdAt: new Date() }),
    );
    const sealed = await timed(() => sealPdf(rendered.value, credentials, { sealedAt: new Date() }));
    parts.compose.push(composed.ms);
    parts.render.push(rendered.ms);
    parts.seal.push(sealed.ms);
  }

  console.log(
    `unsealed notice ${unsealed.length} bytes; sealed: ours ${sizes.subject} bytes, baseline ${sizes.baseline} bytes`,
  );
  console.log(`${iterations} iterations after ${warmup} warm-up rounds, RSA 4096 seal key`);
  console.log(describeSamples('compose + render + seal (Antragsdesk)', subjectTimes));
  console.log(describeSamples('  of which compose', parts.compose));
  console.log(describeSamples('  of which render (PDF/A-2b)', parts.render));
  console.log(describeSamples('  of which seal (PAdES-B-B)', parts.seal));
  console.log(describeSamples('baseline: placeholder-plain + P12Signer', baselineTimes));
  console.log(
    `ratio subject/baseline: p50 ${(percentile(subjectTimes, 50) / percentile(baselineTimes, 50)).toFixed(2)}x, ` +
      `p95 ${(percentile(subjectTimes, 95) / percentile(baselineTimes, 95)).toFixed(2)}x (target <= 1.5x)`,
  );

  const gcNote = (globalThis as { gc?: unknown }).gc
    ? 'forced gc before each reading'
    : 'no --expose-gc: readings without forced gc';
  collect();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  for (let i = 0; i < 100; i++) {
    await subject();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  collect();
  const after = process.memoryUsage();
  console.log(`100 notices in a row (${gcNote}):`);
  console.log(
    `  rss  start ${mib(before.rss)}  end ${mib(after.rss)}  (${mib(after.rss - before.rss)})  peak ${mib(peakRss)}`,
  );
  console.log(
    `  heap start ${mib(before.heapUsed)}  end ${mib(after.heapUsed)}  (${mib(after.heapUsed - before.heapUsed)})`,
  );
}
