/**
 * What IT copies from `deploy/`: the example configuration and environment file make a valid configuration
 * together, and the systemd unit is one systemd accepts, hardened and starting the built service.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../../main/server/config';

const root = resolve(import.meta.dirname, '../../..');
const deploy = (file: string) => join(root, 'deploy', file);
const unit = readFileSync(deploy('antragsdesk-server.service'), 'utf8');

function directives(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) found.set(match[1] as string, [...(found.get(match[1] as string) ?? []), match[2] as string]);
  }
  return found;
}

describe('deploy/', () => {
  it('has an example configuration that, with the example environment file, is complete and valid', async () => {
    const env = parseEnv(readFileSync(deploy('antragsdesk-server.example.env'), 'utf8'));
    const config = await loadServerConfig({
      file: deploy('antragsdesk-server.example.json'),
      env,
      defaultDataDir: '/unused',
    });
    expect(config.tls).not.toBeNull();
    expect(config.masterKey).toEqual({ kind: 'file', path: '/etc/antragsdesk/master.key' });
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
  });

  it('has a systemd unit that runs the built service as its own user, hardened, restarted on failure', () => {
    const found = directives(unit);
    const one = (key: string) => found.get(key)?.at(-1);
    expect(one('ExecStart')).toMatch(
      / \/opt\/antragsdesk\/out\/main\/server\.js --config \/etc\/antragsdesk\/server\.json$/,
    );
    expect(one('User')).toBe('antragsdesk');
    expect(one('EnvironmentFile')).toBe('/etc/antragsdesk/server.env');
    expect(one('Restart')).toBe('on-failure');
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ProtectHome')).toBe('yes');
    expect(one('PrivateTmp')).toBe('yes');
    expect(one('CapabilityBoundingSet')).toBe('');
    expect(one('StateDirectory')).toBe('antragsdesk');
    // The data folder the unit grants is the one the example configuration names.
    const example = JSON.parse(readFileSync(deploy('antragsdesk-server.example.json'), 'utf8')) as {
      dataDir: string;
    };
    expect(example.dataDir).toBe('/var/lib/antragsdesk');
  });

  it('has a systemd unit that systemd-analyze verifies without a complaint', async (context) => {
    if (!existsSync('/usr/bin/systemd-analyze')) {
      console.warn('skipped: systemd-analyze is not installed');
      context.skip();
    }
    const dir = await mkdtemp(join(tmpdir(), 'unit-'));
    try {
      const copy = join(dir, 'antragsdesk-server.service');
      await writeFile(copy, unit);
      const run = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
      expect(run.stderr.split('\n').filter((line) => line.includes(copy))).toEqual([]);
      expect(run.status).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
