/**
 * The department service's configuration: a JSON file (`--config <path>`) overlaid by the environment, so
 * IT can keep secrets out of the file (systemd `EnvironmentFile`). Every problem names the field and where
 * it came from (the file's field or the variable) and never echoes a value: values may be secrets.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

/** The environment variables the service reads, each overriding the file's field beside it. */
export const SERVER_ENV = {
  databaseUrl: 'DATABASE_URL',
  masterKey: 'ANTRAGSDESK_MASTER_KEY',
  masterKeyFile: 'ANTRAGSDESK_MASTER_KEY_FILE',
  tlsCertificateFile: 'ANTRAGSDESK_TLS_CERT_FILE',
  tlsKeyFile: 'ANTRAGSDESK_TLS_KEY_FILE',
  issuer: 'ANTRAGSDESK_OIDC_ISSUER',
  audience: 'ANTRAGSDESK_OIDC_AUDIENCE',
  clientId: 'ANTRAGSDESK_OIDC_CLIENT_ID',
  publicUrl: 'ANTRAGSDESK_PUBLIC_URL',
  departmentProfiles: 'ANTRAGSDESK_DEPARTMENT_PROFILES',
  host: 'ANTRAGSDESK_HOST',
  port: 'ANTRAGSDESK_PORT',
  dataDir: 'ANTRAGSDESK_DATA_DIR',
} as const;

const DEFAULT_PORT = 8443;
const DEFAULT_HOST = '127.0.0.1';

const nonBlank = z.string().trim().min(1, 'must not be empty');
const path = nonBlank;
const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** What the file may hold; every field optional here, as the environment may supply it. */
const fileSchema = z.strictObject({
  listen: z
    .strictObject({
      host: z.string().trim().min(1, 'must not be empty').optional(),
      port: z.number().int().min(0).max(65_535).optional(),
    })
    .optional(),
  tls: z.strictObject({ certificateFile: path, keyFile: path }).optional(),
  /** Plain HTTP on a non-loopback address, for a reverse proxy that terminates TLS in front. */
  insecureHttp: z.boolean().optional(),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  masterKeyFile: path.optional(),
  identityProvider: z
    .strictObject({
      issuer: httpsUrl,
      audience: nonBlank,
      /** The client browsers sign in as (authorization code with PKCE). */
      clientId: nonBlank,
      /** By default the `jwks_uri` of the issuer's discovery document. */
      jwksUri: httpsUrl.optional(),
    })
    .optional(),
  /** The address people reach the service at, when not the one it listens on (behind a proxy). */
  publicUrl: httpsUrl.optional(),
  departmentProfiles: z.array(path).min(1, 'must name at least one profile file').optional(),
  dataDir: path.optional(),
});

type FileConfig = z.infer<typeof fileSchema>;

export type MasterKeySource = { kind: 'environment'; variable: string } | { kind: 'file'; path: string };

export interface ServerConfig {
  listen: { host: string; port: number };
  tls: { certificateFile: string; keyFile: string } | null;
  insecureHttp: boolean;
  /** Null only in demo mode: the service then runs its own cluster in the data folder. */
  databaseUrl: string | null;
  /** Null only in demo mode: a key is generated in the data folder. */
  masterKey: MasterKeySource | null;
  /** Null only in demo mode: the demo identity provider stands in. */
  identityProvider: { issuer: string; audience: string; clientId: string; jwksUri?: string } | null;
  publicUrl: string | null;
  /** Empty only in demo mode: the demo departments stand in. */
  departmentProfiles: string[];
  dataDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`The configuration is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export interface ConfigSources {
  /** The `--config` file, if any. */
  file?: string;
  env: NodeJS.ProcessEnv;
  /** `--insecure-http` on the command line. */
  insecureHttp?: boolean;
  /** `--demo`: database, master key, identity provider and profiles may be left out. */
  demo?: boolean;
  /** Where the data folder is when neither file nor environment names one. */
  defaultDataDir: string;
}

export async function loadServerConfig(sources: ConfigSources): Promise<ServerConfig> {
  const base = sources.file ? dirname(resolve(sources.file)) : process.cwd();
  const fromFile = sources.file ? await readConfigFile(sources.file) : {};
  const parsedFile = fileSchema.safeParse(fromFile);
  if (!parsedFile.success) {
    throw new ConfigError(
      parsedFile.error.issues.map(
        (issue) => `${fieldName(issue.path)} (in ${sources.file}): ${issue.message}`,
      ),
    );
  }
  const merged = overlayEnvironment(parsedFile.data, sources.env);
  const config: ServerConfig = {
    // The demo takes a free port, as browser mode does, so it never collides with a service already running.
    listen: {
      host: merged.listen?.host ?? DEFAULT_HOST,
      port: merged.listen?.port ?? (sources.demo ? 0 : DEFAULT_PORT),
    },
    tls: merged.tls
      ? {
          certificateFile: resolve(base, merged.tls.certificateFile),
          keyFile: resolve(base, merged.tls.keyFile),
        }
      : null,
    insecureHttp: sources.insecureHttp === true || merged.insecureHttp === true,
    databaseUrl: merged.databaseUrl ?? null,
    masterKey: nonEmpty(sources.env[SERVER_ENV.masterKey])
      ? { kind: 'environment', variable: SERVER_ENV.masterKey }
      : merged.masterKeyFile
        ? { kind: 'file', path: resolve(base, merged.masterKeyFile) }
        : null,
    identityProvider: merged.identityProvider ?? null,
    publicUrl: merged.publicUrl ?? null,
    departmentProfiles: (merged.departmentProfiles ?? []).map((file) => resolve(base, file)),
    dataDir: resolve(base, merged.dataDir ?? sources.defaultDataDir),
  };
  const problems = requiredProblems(config, sources.demo === true);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** True for addresses only this machine reaches: plain HTTP is acceptable there. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** The configuration as it may be printed or logged: no secrets, no database password. */
export function describeConfig(config: ServerConfig): Record<string, string | number | boolean | null> {
  return {
    host: config.listen.host,
    port: config.listen.port,
    tls: config.tls !== null,
    insecureHttp: config.insecureHttp,
    // Not "database": the logger redacts fields whose names suggest personal data (…data…).
    postgres: config.databaseUrl ? databaseWithoutSecrets(config.databaseUrl) : 'private cluster',
    masterKey: config.masterKey?.kind ?? 'generated',
    issuer: config.identityProvider?.issuer ?? 'demo',
    departmentProfiles: config.departmentProfiles.length,
  };
}

function databaseWithoutSecrets(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'unparsable';
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`--config ${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse names the position, not the content: safe to show.
    throw new ConfigError([`${file} is not valid JSON: ${(error as Error).message}`]);
  }
}

/** Each set variable replaces its field; its value is checked with the field's rule, and named as the variable. */
function overlayEnvironment(file: FileConfig, env: NodeJS.ProcessEnv): FileConfig {
  const problems: string[] = [];
  const take = <T>(variable: string, schema: z.ZodType<T>, raw: (value: string) => unknown = (v) => v) => {
    const value = env[variable];
    if (!nonEmpty(value)) return undefined;
    const parsed = schema.safeParse(raw(value));
    if (parsed.success) return parsed.data;
    problems.push(`${variable}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return undefined;
  };
  const shape = fileSchema.shape;
  const listen = shape.listen.unwrap().shape;
  const host = take(SERVER_ENV.host, listen.host.unwrap());
  const port = take(SERVER_ENV.port, listen.port.unwrap(), (value) =>
    /^\d+$/.test(value) ? Number(value) : value,
  );
  const certificateFile = take(SERVER_ENV.tlsCertificateFile, path);
  const keyFile = take(SERVER_ENV.tlsKeyFile, path);
  const issuer = take(SERVER_ENV.issuer, httpsUrl);
  const audience = take(SERVER_ENV.audience, nonBlank);
  const clientId = take(SERVER_ENV.clientId, nonBlank);
  const merged: FileConfig = {
    ...file,
    listen: { ...file.listen, ...(host !== undefined && { host }), ...(port !== undefined && { port }) },
  };
  const databaseUrl = take(SERVER_ENV.databaseUrl, shape.databaseUrl.unwrap());
  if (databaseUrl !== undefined) merged.databaseUrl = databaseUrl;
  const masterKeyFile = take(SERVER_ENV.masterKeyFile, path);
  if (masterKeyFile !== undefined) merged.masterKeyFile = masterKeyFile;
  const dataDir = take(SERVER_ENV.dataDir, path);
  if (dataDir !== undefined) merged.dataDir = dataDir;
  const profiles = take(SERVER_ENV.departmentProfiles, shape.departmentProfiles.unwrap(), (value) =>
    value.split(',').map((entry) => entry.trim()),
  );
  if (profiles !== undefined) merged.departmentProfiles = profiles;
  if (certificateFile !== undefined || keyFile !== undefined) {
    const tls = { ...file.tls, ...(certificateFile && { certificateFile }), ...(keyFile && { keyFile }) };
    if (tls.certificateFile && tls.keyFile)
      merged.tls = { certificateFile: tls.certificateFile, keyFile: tls.keyFile };
    else problems.push(`${SERVER_ENV.tlsCertificateFile} and ${SERVER_ENV.tlsKeyFile}: set both, or neither`);
  }
  if (issuer !== undefined || audience !== undefined || clientId !== undefined) {
    const provider = {
      ...file.identityProvider,
      ...(issuer && { issuer }),
      ...(audience && { audience }),
      ...(clientId && { clientId }),
    };
    if (provider.issuer && provider.audience && provider.clientId) {
      merged.identityProvider = {
        ...provider,
        issuer: provider.issuer,
        audience: provider.audience,
        clientId: provider.clientId,
      };
    } else {
      problems.push(
        `${SERVER_ENV.issuer}, ${SERVER_ENV.audience} and ${SERVER_ENV.clientId}: set all three, or the rest in the file`,
      );
    }
  }
  const publicUrl = take(SERVER_ENV.publicUrl, httpsUrl);
  if (publicUrl !== undefined) merged.publicUrl = publicUrl;
  if (problems.length > 0) throw new ConfigError(problems);
  return merged;
}

function requiredProblems(config: ServerConfig, demo: boolean): string[] {
  const problems: string[] = [];
  if (!demo) {
    if (!config.databaseUrl) problems.push(`databaseUrl (or ${SERVER_ENV.databaseUrl}): required`);
    if (!config.masterKey) {
      problems.push(
        `masterKeyFile (or ${SERVER_ENV.masterKeyFile}, or the key itself in ${SERVER_ENV.masterKey}): required`,
      );
    }
    if (!config.identityProvider) {
      problems.push(
        `identityProvider.issuer, .audience and .clientId (or ${SERVER_ENV.issuer}, ${SERVER_ENV.audience} and ${SERVER_ENV.clientId}): required`,
      );
    }
    if (config.departmentProfiles.length === 0) {
      problems.push(`departmentProfiles (or ${SERVER_ENV.departmentProfiles}): at least one profile file`);
    }
  }
  if (!config.tls && !config.insecureHttp && !isLoopback(config.listen.host)) {
    problems.push(
      `tls.certificateFile and tls.keyFile: required to listen on ${config.listen.host}; ` +
        'plain HTTP only on a loopback address, or with --insecure-http behind a reverse proxy that terminates TLS',
    );
  }
  return problems;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(the file)';
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
