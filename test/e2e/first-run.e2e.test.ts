/**
 * A newcomer's first run, as the README says it: in a fresh copy of the working tree (no `out/`, no data),
 * `npm run web -- --demo` builds, starts the demo and prints an address; that address loads the inbox in
 * Chromium, and a sync brings applications. A second start on the same data reuses the build and the demo's
 * keys. `npm run platform` prints its URLs. `npm run server -- --demo` starts the department service with a
 * private PostgreSQL cluster in its data folder and becomes ready; a second start reuses cluster and master key.
 * Start times are printed (machines are noisy: not asserted).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
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

const SERVER_STARTED = /Abteilungsdienst läuft: (http:\/\/127\.0\.0\.1:\d+)/;

/** Asks `/readyz` until it says ready (a fresh cluster may still be migrating): the answer of the last ask. */
async function untilReady(url: string): Promise<{ status: number; body: { status: string } }> {
  for (;;) {
    const response = await fetch(`${url}/readyz`);
    const answer = { status: response.status, body: (await response.json()) as { status: string } };
    if (answer.status === 200) return answer;
    await new Promise((done) => setTimeout(done, 500));
  }
}

/** Until the private cluster in `dir` has stopped: the service stops it when it is stopped itself. */
async function untilClusterStopped(dir: string): Promise<void> {
  while (existsSync(join(dir, 'pgdata/postmaster.pid'))) await new Promise((done) => setTimeout(done, 500));
}

/** The structured log lines of an output: every line that is a JSON object. */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the department service from the README's commands", () => {
  const dataDir = () => join(home, '.antragsdesk-server');
  /** Where the private cluster lives (the data folder; as root, the postgres user's home). */
  let clusterDir = '';
  let credentialsAfterFirst = '';
  let keyAfterFirst = '';

  afterAll(() => {
    if (clusterDir !== '') rmSync(clusterDir, { recursive: true, force: true });
  });

  it('npm run server -- --demo starts on a private PostgreSQL cluster and becomes ready', async () => {
    const first = await runUntil(['run', 'server', '--', '--demo'], SERVER_STARTED, FIRST_START_LIMIT_MS);
    console.info(`server first start: ${(first.elapsed / 1000).toFixed(1)} s to the address`);
    const url = first.match[1] as string;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect((await untilReady(url)).body.status).toBe('ready');
    const logs = logLines(first.output());
    expect(logs.map((line) => line.event)).toEqual(
      expect.arrayContaining([
        'server.starting',
        'server.private-cluster',
        'server.migrated',
        'server.started',
      ]),
    );
    for (const line of logs)
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['time', 'level', 'event']));
    clusterDir = logs.find((line) => line.event === 'server.private-cluster')?.dir as string;
    expect(existsSync(join(clusterDir, 'pgdata/PG_VERSION'))).toBe(true);
    expect(statSync(join(dataDir(), 'master.key')).mode & 0o777).toBe(0o600);
    credentialsAfterFirst = readFileSync(join(clusterDir, 'credentials.json'), 'utf8');
    keyAfterFirst = readFileSync(join(dataDir(), 'master.key'), 'utf8');
    // Neither the database password nor the master key reaches the output.
    const { rolePassword } = JSON.parse(credentialsAfterFirst) as { rolePassword: string };
    expect(first.output()).not.toContain(rolePassword);
    expect(first.output()).not.toContain(keyAfterFirst.trim());
    await stop(first.child);
    await untilClusterStopped(clusterDir);
  }, 900_000);

  it('a second start reuses the cluster and the master key', async () => {
    const second = await runUntil(['run', 'server', '--', '--demo'], SERVER_STARTED, FIRST_START_LIMIT_MS);
    console.info(`server second start: ${(second.elapsed / 1000).toFixed(1)} s to the address`);
    expect((await untilReady(second.match[1] as string)).body.status).toBe('ready');
    expect(readFileSync(join(clusterDir, 'credentials.json'), 'utf8')).toBe(credentialsAfterFirst);
    expect(readFileSync(join(dataDir(), 'master.key'), 'utf8')).toBe(keyAfterFirst);
    await stop(second.child);
    await untilClusterStopped(clusterDir);
  }, 300_000);
});
