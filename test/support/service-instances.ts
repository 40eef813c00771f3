/**
 * Instances of the department service in child processes (test/support/service-instance-child.ts), for the
 * kill tests: each is started with its configuration, its stdout lines are collected, and a test waits for
 * lines or kills it with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemorySecretStore } from '../../main/auth/secret-store';
import { demoSeal } from '../../main/demo/demo-environment';
import { readDemoProfile, withDemoHandover } from '../../main/profile/demo';
import { importWorkstationProfile } from '../../main/profile/import';
import type { StoredDepartmentProfile } from '../../main/profile/types';
import { createMemoryStore } from '../../main/settings/user-settings';
import type { Store } from '../../main/store';
import type { ServiceInstanceConfig } from './service-instance-child';

const CHILD = fileURLToPath(new URL('./service-instance-child.ts', import.meta.url));

export interface ServiceInstance {
  readonly name: string;
  readonly lines: string[];
  /** Resolves with the first line (seen or to come) that `match` accepts; rejects when the child exits. */
  line(match: (line: string) => boolean): Promise<string>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function startServiceInstance(
  name: string,
  dir: string,
  config: ServiceInstanceConfig,
): ServiceInstance {
  const configPath = join(dir, `${name}.json`);
  writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, configPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters = new Set<{ match: (line: string) => boolean; resolve: (line: string) => void }>();
  let exited: Error | null = null;
  const failures = new Set<(error: Error) => void>();
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    for (let newline = partial.indexOf('\n'); newline !== -1; newline = partial.indexOf('\n')) {
      const line = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      lines.push(line);
      for (const waiter of waiters) {
        if (waiter.match(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    }
  });
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = new Error(`instance ${name} exited (${signal ?? code})`);
      for (const fail of failures) fail(exited);
      resolve();
    });
  });
  return {
    name,
    lines,
    line(match) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      if (exited) return Promise.reject(exited);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        failures.add((error) => {
          if (waiters.delete(waiter)) reject(error);
        });
      });
    },
    async kill() {
      child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

/**
 * The demo Bürgerservice profile with the platform's credentials, imported as the service does at start:
 * its secrets into the department's key store (encrypted with the master key), the stored profile (secret
 * names only) for the instances.
 */
export async function importDemoProfile(
  store: Store,
  baseDir: string,
  handover: {
    tokenUrl: string;
    submissionApiUrl: string;
    department: Parameters<typeof withDemoHandover>[1]['department'];
  },
): Promise<StoredDepartmentProfile> {
  const secrets = createMemorySecretStore();
  const demo = await readDemoProfile('buergerservice');
  // The demo seal is made once and kept beside the other tests' (key generation takes seconds).
  const seal = await demoSeal(resolve('.tmp/demo-seal'), demo.department.authorityName);
  const profile = withDemoHandover(demo, {
    issuer: 'http://127.0.0.1:9/not-used',
    seal: { pkcs12: seal.pkcs12, password: seal.password },
    ...handover,
  });
  const stored = await importWorkstationProfile(profile, {
    secretStore: secrets,
    settingsStore: createMemoryStore(),
    now: new Date(),
    // Hand-over and archive folders of the demo profile land here.
    baseDir,
  });
  for (const name of secrets.names()) {
    const value = await secrets.get(name);
    if (value !== null) await store.secrets.put(name, value);
  }
  return stored;
}
