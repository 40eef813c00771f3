/**
 * What the notice and delivery benches share: percentiles of timing samples, their printed form, and a
 * memory probe that forces a full collection before each reading (readings without one say nothing about
 * retained memory).
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function describeSamples(name: string, samples: readonly number[]): string {
  const mean = samples.reduce((sum, s) => sum + s, 0) / samples.length;
  return `${name.padEnd(46)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(7)} ms   mean ${mean.toFixed(1).padStart(7)} ms`;
}

export function ratio(subject: readonly number[], baseline: readonly number[]): string {
  return `p50 ${(percentile(subject, 50) / percentile(baseline, 50)).toFixed(2)}x, p95 ${(percentile(subject, 95) / percentile(baseline, 95)).toFixed(2)}x`;
}

export async function timed<T>(action: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await action();
  return { ms: performance.now() - start, value };
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * A full, forced garbage collection. Without `--expose-gc` on the command line the flag is switched on at
 * run time and `gc` taken from a fresh context, the way jest's leak detector does it.
 */
function forcedGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Least-squares slope of `values` over `0, 1, 2, …`: the growth per step. */
function slope(values: readonly number[]): number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, v) => sum + v, 0) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((v, x) => {
    covariance += (x - meanX) * (v - meanY);
    variance += (x - meanX) ** 2;
  });
  return variance === 0 ? 0 : covariance / variance;
}

/**
 * Runs `action` `runs` times in a row with a forced collection after each run; prints heapUsed and RSS
 * after the runs in `checkpoints` and the slope per run over the last `tail` runs, in bytes.
 */
export async function memoryGrowth(
  action: () => Promise<unknown>,
  {
    unit,
    runs,
    checkpoints,
    tail,
  }: { unit: string; runs: number; checkpoints: readonly number[]; tail: number },
): Promise<void> {
  const gc = forcedGc();
  gc();
  const start = process.memoryUsage();
  const heap: number[] = [];
  const rss: number[] = [];
  console.log(`${runs} × ${unit} in a row, forced full gc before each reading:`);
  console.log(
    `  before        heapUsed ${mib(start.heapUsed).padStart(10)}   rss ${mib(start.rss).padStart(10)}`,
  );
  for (let run = 1; run <= runs; run++) {
    await action();
    gc();
    const usage = process.memoryUsage();
    heap.push(usage.heapUsed);
    rss.push(usage.rss);
    if (checkpoints.includes(run))
      console.log(
        `  after ${String(run).padStart(4)}    heapUsed ${mib(usage.heapUsed).padStart(10)}   rss ${mib(usage.rss).padStart(10)}`,
      );
  }
  const perRun = (values: number[]) => Math.round(slope(values.slice(-tail))).toLocaleString('en');
  console.log(
    `  slope over the last ${tail}: heapUsed ${perRun(heap)} bytes/${unit}, rss ${perRun(rss)} bytes/${unit}`,
  );
}
