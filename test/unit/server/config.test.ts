import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, isLoopback, loadServerConfig } from '../../../main/server/config';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'server-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const complete = {
  listen: { host: '0.0.0.0', port: 8443 },
  tls: { certificateFile: 'tls/cert.pem', keyFile: 'tls/key.pem' },
  databaseUrl: 'postgres://antragsdesk:s3cret-pw@db.intern:5432/antragsdesk',
  masterKeyFile: 'master.key',
  identityProvider: {
    issuer: 'https://login.stadt.example/realms/amt',
    audience: 'antragsdesk',
    clientId: 'antragsdesk-browser',
  },
  publicUrl: 'https://antragsdesk.stadt.example/',
  departmentProfiles: ['profiles/buergerservice.json'],
  dataDir: '/var/lib/antragsdesk',
};

async function configFile(content: unknown): Promise<string> {
  const file = join(dir, 'server.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function problems(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('the department service configuration', () => {
  it('reads a complete file, resolving its paths against the file', async () => {
    const file = await configFile(complete);
    const config = await loadServerConfig({ file, env: {}, defaultDataDir: '/unused' });
    expect(config).toEqual({
      listen: { host: '0.0.0.0', port: 8443 },
      tls: { certificateFile: join(dir, 'tls/cert.pem'), keyFile: join(dir, 'tls/key.pem') },
      insecureHttp: false,
      databaseUrl: complete.databaseUrl,
      masterKey: { kind: 'file', path: join(dir, 'master.key') },
      identityProvider: complete.identityProvider,
      publicUrl: complete.publicUrl,
      departmentProfiles: [join(dir, 'profiles/buergerservice.json')],
      dataDir: '/var/lib/antragsdesk',
    });
  });

  it('lets the environment override the file', async () => {
    const file = await configFile(complete);
    const config = await loadServerConfig({
      file,
      env: {
        DATABASE_URL: 'postgresql://other@db2/antragsdesk',
        ANTRAGSDESK_MASTER_KEY: 'a'.repeat(64),
        ANTRAGSDESK_PORT: '9443',
        ANTRAGSDESK_OIDC_AUDIENCE: 'desk',
        ANTRAGSDESK_DEPARTMENT_PROFILES: '/etc/a.json, /etc/b.json',
        ANTRAGSDESK_TLS_KEY_FILE: '/etc/tls/other.key',
      },
      defaultDataDir: '/unused',
    });
    expect(config.databaseUrl).toBe('postgresql://other@db2/antragsdesk');
    expect(config.masterKey).toEqual({ kind: 'environment', variable: 'ANTRAGSDESK_MASTER_KEY' });
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 9443 });
    expect(config.identityProvider).toEqual({ ...complete.identityProvider, audience: 'desk' });
    expect(config.departmentProfiles).toEqual(['/etc/a.json', '/etc/b.json']);
    expect(config.tls).toEqual({ certificateFile: join(dir, 'tls/cert.pem'), keyFile: '/etc/tls/other.key' });
  });

  it('runs from the environment alone', async () => {
    const config = await loadServerConfig({
      env: {
        DATABASE_URL: 'postgres://db/antragsdesk',
        ANTRAGSDESK_MASTER_KEY_FILE: '/etc/antragsdesk/master.key',
        ANTRAGSDESK_OIDC_ISSUER: 'https://login.example/',
        ANTRAGSDESK_OIDC_AUDIENCE: 'antragsdesk',
        ANTRAGSDESK_OIDC_CLIENT_ID: 'antragsdesk-browser',
        ANTRAGSDESK_DEPARTMENT_PROFILES: '/etc/antragsdesk/amt.json',
        ANTRAGSDESK_DATA_DIR: '/var/lib/antragsdesk',
      },
      defaultDataDir: '/unused',
    });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(config.tls).toBeNull();
    expect(config.dataDir).toBe('/var/lib/antragsdesk');
    expect(config.identityProvider).toEqual({
      issuer: 'https://login.example/',
      audience: 'antragsdesk',
      clientId: 'antragsdesk-browser',
    });
  });

  it('names each bad field of the file and where it is, without its value', async () => {
    const file = await configFile({
      ...complete,
      listen: { host: '0.0.0.0', port: 'achtzig' },
      databaseUrl: 'mysql://root:hunter2@db/x',
      identityProvider: { ...complete.identityProvider, issuer: 'not a url' },
      extra: true,
    });
    const found = await problems(loadServerConfig({ file, env: {}, defaultDataDir: '/unused' }));
    const text = found.join('\n');
    expect(text).toContain(`listen.port (in ${file})`);
    expect(text).toContain('databaseUrl');
    expect(text).toContain('identityProvider.issuer');
    expect(text).toContain('extra');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('achtzig');
  });

  it('names a bad environment variable, without its value', async () => {
    const file = await configFile(complete);
    const found = await problems(
      loadServerConfig({
        file,
        env: { ANTRAGSDESK_PORT: '99999', DATABASE_URL: 'http://user:topsecret@db' },
        defaultDataDir: '/unused',
      }),
    );
    expect(found.some((p) => p.startsWith('ANTRAGSDESK_PORT:'))).toBe(true);
    expect(found.some((p) => p.startsWith('DATABASE_URL:'))).toBe(true);
    expect(found.join('\n')).not.toContain('topsecret');
  });

  it('says what a file that is not JSON or not there is', async () => {
    const broken = await configFile('{ "listen": ');
    expect((await problems(loadServerConfig({ file: broken, env: {}, defaultDataDir: '/x' })))[0]).toContain(
      'is not valid JSON',
    );
    const missing = join(dir, 'missing.json');
    expect((await problems(loadServerConfig({ file: missing, env: {}, defaultDataDir: '/x' })))[0]).toContain(
      'ENOENT',
    );
  });

  it('lists every required part that is missing, outside demo mode', async () => {
    const found = await problems(loadServerConfig({ env: {}, defaultDataDir: '/x' }));
    expect(found.map((p) => p.split(' ')[0])).toEqual([
      'databaseUrl',
      'masterKeyFile',
      'identityProvider.issuer,',
      'departmentProfiles',
    ]);
    const demo = await loadServerConfig({ env: {}, demo: true, defaultDataDir: '/x' });
    expect(demo).toMatchObject({
      listen: { host: '127.0.0.1', port: 0 },
      databaseUrl: null,
      masterKey: null,
      identityProvider: null,
      dataDir: '/x',
    });
  });

  it('refuses plain HTTP beyond loopback unless told it sits behind a reverse proxy', async () => {
    const { tls: _tls, ...withoutTls } = complete;
    const file = await configFile(withoutTls);
    const found = await problems(loadServerConfig({ file, env: {}, defaultDataDir: '/x' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^tls\.certificateFile and tls\.keyFile: required to listen on 0\.0\.0\.0/);
    expect(found[0]).toContain('--insecure-http');
    const proxied = await loadServerConfig({ file, env: {}, insecureHttp: true, defaultDataDir: '/x' });
    expect(proxied.insecureHttp).toBe(true);
    const local = await loadServerConfig({
      file,
      env: { ANTRAGSDESK_HOST: '127.0.0.1' },
      defaultDataDir: '/x',
    });
    expect(local.tls).toBeNull();
  });

  it('wants both halves of TLS and of the identity provider from the environment', async () => {
    const found = await problems(
      loadServerConfig({
        env: {
          ANTRAGSDESK_TLS_CERT_FILE: '/etc/cert.pem',
          ANTRAGSDESK_OIDC_ISSUER: 'https://login.example/',
        },
        demo: true,
        defaultDataDir: '/x',
      }),
    );
    expect(found).toHaveLength(2);
  });

  it('describes itself without the database password or the master key', async () => {
    const file = await configFile(complete);
    const config = await loadServerConfig({
      file,
      env: { ANTRAGSDESK_MASTER_KEY: 'f'.repeat(64) },
      defaultDataDir: '/x',
    });
    const described = JSON.stringify(describeConfig(config));
    expect(described).toContain('db.intern:5432/antragsdesk');
    expect(described).not.toContain('s3cret-pw');
    expect(described).not.toContain('antragsdesk:');
    expect(described).not.toContain('ffff');
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.0.1.1', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.5', 'desk.stadt.example'].some(isLoopback)).toBe(false);
  });
});
