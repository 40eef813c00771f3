/**
 * A newcomer's first run, as the README says it: in a fresh copy of the working tree (no `out/`, no data),
 * `npm run web -- --demo` builds, starts the demo and prints an address; that address loads the inbox in
 * Chromium, and a sync brings applications. A second start on the same data reuses the build and the demo's
 * keys. `npm run platform` prints its URLs. Both start times are printed (machines are noisy: not asserted).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP } from '../../main/web/build';
import { closeSharedBrowser, sharedBrowser } from '../support/e2e';
import { signInAt } from './sign-in-support';

const FIRST_START_LIMIT_MS = 600_000;

let copy: string;
let home: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'ad-fresh-'));
  home = mkdtempSync(join(tmpdir(), 'ad-home-'));
  // The tracked files and those about to be (not ignored), as a clone of this working tree would hold them.
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && statSafe(file));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(file, join(copy, file));
  }
  symlinkSync(resolve('node_modules'), join(copy, 'node_modules'));
});

afterAll(async () => {
  for (const child of running) stop(child);
  await closeSharedBrowser();
  rmSync(copy, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

function statSafe(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false; // deleted in the working tree, not yet committed
  }
}

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Milliseconds from the command to the line that was waited for. */
  elapsed: number;
  match: RegExpMatchArray;
}

/** Runs an npm command in the fresh copy (its own process group) and waits for a line of its output. */
function runUntil(args: string[], line: RegExp, timeoutMs: number): Promise<Started> {
  const started = performance.now();
  const child = spawn('npm', args, {
    cwd: copy,
    env: { ...process.env, HOME: home },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${line} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(line);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, output: () => output, elapsed: performance.now() - started, match });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm ${args.join(' ')} ended (${code}) before ${line}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return Promise.resolve();
  }
  return exited;
}

const WEB_STARTED = /läuft: (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

async function openInbox(url: string): Promise<BrowserContext> {
  const context = await (await sharedBrowser()).newContext({
    locale: 'de-DE',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.goto(url);
  await signInAt(
    page,
    () => page.getByRole('button', { name: 'Anmelden', exact: true }).click(),
    'anna.schmidt',
  );
  await page.getByRole('button', { name: 'Synchronisieren' }).click();
  await page.getByText(/Synchronisierung abgeschlossen/).waitFor({ timeout: 60_000 });
  await page.getByTestId('case-grid').locator('tbody tr[data-case-id]').first().waitFor();
  return context;
}

describe("the README's commands on a fresh copy", () => {
  let stampAfterFirst = '';
  let sealAfterFirst = '';

  it('npm run web -- --demo builds, starts, and the printed address shows the inbox with synced applications', async () => {
    const first = await runUntil(['run', 'web', '--', '--demo'], WEB_STARTED, FIRST_START_LIMIT_MS);
    console.info(`first start (build + demo keys): ${(first.elapsed / 1000).toFixed(1)} s to the address`);
    stampAfterFirst = readFileSync(join(copy, 'out', BUILD_STAMP), 'utf8');
    sealAfterFirst = readFileSync(join(home, '.antragsdesk-web/demo/seal/seal.json'), 'utf8');
    const context = await openInbox(first.match[1] as string);
    await context.close();
    await stop(first.child);
  }, 900_000);

  it('a second start on the same data reuses the build and the demo keys', async () => {
    const second = await runUntil(['run', 'web', '--', '--demo'], WEB_STARTED, FIRST_START_LIMIT_MS);
    console.info(`second start: ${(second.elapsed / 1000).toFixed(1)} s to the address`);
    expect(second.output()).not.toMatch(/building|vite v\d/i);
    expect(readFileSync(join(copy, 'out', BUILD_STAMP), 'utf8')).toBe(stampAfterFirst);
    expect(readFileSync(join(home, '.antragsdesk-web/demo/seal/seal.json'), 'utf8')).toBe(sealAfterFirst);
    const context = await openInbox(second.match[1] as string);
    await context.close();
    await stop(second.child);
  }, 300_000);

  it('npm run platform prints its URLs', async () => {
    const platform = await runUntil(['run', 'platform'], /Stop with Ctrl\+C\./, 120_000);
    expect(platform.output()).toMatch(/Submission API\s+http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(platform.output()).toMatch(/Token endpoint\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(platform.output()).toMatch(/Service JWKS\s+http:\/\/127\.0\.0\.1:\d+\//);
    await stop(platform.child);
  });
});
