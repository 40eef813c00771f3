/**
 * Demo mode: the local FIT-Connect platform (seeded with applications), the local OpenID provider and a demo
 * seal, all in-process on 127.0.0.1, and the shipped demo department profiles completed with what they
 * created. The result is imported like any other profile. Everything persists in `dataDir`, so a restart
 * keeps the same ports (the issuers), destinations, keys, users' sessions and seal.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningPlatform, startPlatform } from '../../platform';
import type { RsaKeyPairFactory } from '../../platform/keys';
import {
  DEMO_API_AUDIENCE,
  type IdentityProvider,
  startIdentityProvider,
} from '../../platform/oidc/identity-provider';
import { demoUsers } from '../../platform/oidc/users';
import { createTestRootCa, issueSealCertificate, toPkcs12 } from '../../platform/pki/seal-pki';
import type { Defect } from '../../platform/sender/compose';
import { seedDefectiveSubmissions } from '../../platform/sender/seed';
import type { Principal } from '../../shared/auth/roles';
import { principalFromClaims } from '../auth/claims';
import {
  DEMO_PROFILE_FILES,
  type DemoDepartmentId,
  readDemoProfile,
  withDemoHandover,
} from '../profile/demo';
import type { DepartmentProfile } from '../profile/types';

export interface DemoEnvironmentOptions {
  dataDir: string;
  /** Demo applications sent at first start (0: none). */
  seedCount?: number;
  /**
   * Applications with these defects sent at first start besides, so the failure path can be shown; by
   * default those of `DEMO_DEFECTS` when `seedCount` is left to its default, none when a caller sets it.
   */
  defects?: readonly DemoDefect[];
  platformPort?: number;
  identityProviderPort?: number;
  /** Makes the platform's RSA-4096 keys; tests pass a pool of pre-made pairs. */
  keyFactory?: RsaKeyPairFactory;
  /** Where the demo seal is kept (default: inside dataDir); tests share one to skip key generation. */
  sealDir?: string;
}

export interface DemoEnvironment {
  platform: RunningPlatform;
  identityProvider: IdentityProvider;
  /** One completed profile per demo department. */
  profiles: DepartmentProfile[];
  /** The demo CA's certificate (PEM), to trust the demo seal in a PDF reader. */
  sealCaPem: string;
  /** The identity provider's demo staff as a sign-in names them. */
  people: Principal[];
  close(): Promise<void>;
}

/** A hash mismatch and an unknown (metadata) schema: two applications that fail verification. */
export const DEMO_DEFECTS = ['attachment-hash-mismatch', 'metadata-unsupported-version'] as const;
export type DemoDefect = Exclude<Defect, 'attachment-swapped'>;

export async function startDemoEnvironment(options: DemoEnvironmentOptions): Promise<DemoEnvironment> {
  const seedCount = options.seedCount ?? 24;
  const defects = options.defects ?? (options.seedCount === undefined ? DEMO_DEFECTS : []);
  const firstStart = !(await exists(join(options.dataDir, 'platform')));
  // The platform's SETs and the provider's tokens name their URL as issuer: a restart keeps both ports.
  const kept = await keptPorts(options.dataDir);
  const platform = await onPort('platform', () =>
    startPlatform({
      dataDir: join(options.dataDir, 'platform'),
      port: options.platformPort ?? kept.platform ?? 0,
      seedDemo: firstStart && seedCount > 0 ? { count: seedCount } : false,
      ...(options.keyFactory && { keyFactory: options.keyFactory }),
    }),
  );
  const identityProvider = await onPort('identity provider', () =>
    startIdentityProvider({
      port: options.identityProviderPort ?? kept.identityProvider ?? 0,
      dataDir: join(options.dataDir, 'identity-provider'),
      apiAudience: DEMO_API_AUDIENCE,
    }),
  ).catch(async (error: unknown) => {
    await platform.close();
    throw error;
  });
  try {
    if (firstStart && defects.length > 0) await seedDefectiveSubmissions(platform, defects);
    await keepPorts(options.dataDir, {
      platform: Number(new URL(platform.url).port),
      identityProvider: Number(new URL(identityProvider.issuer).port),
    });
    const departments = await Promise.all(
      platform.demo.departments
        .filter((department) => Object.hasOwn(DEMO_PROFILE_FILES, department.id))
        .map(async (department) => ({
          department,
          profile: await readDemoProfile(department.id as DemoDepartmentId),
        })),
    );
    // One seal for the demo's departments, issued to the authority their letterhead names.
    const authority = departments[0]?.profile.department.authorityName ?? 'Antragsdesk Demo';
    const seal = await demoSeal(options.sealDir ?? join(options.dataDir, 'seal'), authority);
    const profiles: DepartmentProfile[] = [];
    for (const { department, profile } of departments) {
      profiles.push(
        withDemoHandover(profile, {
          issuer: identityProvider.issuer,
          tokenUrl: platform.tokenUrl,
          submissionApiUrl: platform.url,
          department,
          seal: { pkcs12: seal.pkcs12, password: seal.password },
          // Demo e-mail stays unconfigured: notices to e-mail reply channels are refused with a clear code.
          zbp: { destinationId: platform.zbp.destinationId, ...platform.zbp.sender },
        }),
      );
    }
    return {
      platform,
      identityProvider,
      profiles,
      sealCaPem: seal.caPem,
      people: demoUsers.map((user) =>
        principalFromClaims({ sub: user.username, preferred_username: user.username, ...user.claims }),
      ),
      close: async () => {
        await Promise.all([platform.close(), identityProvider.close()]);
      },
    };
  } catch (error) {
    await Promise.all([platform.close(), identityProvider.close()]);
    throw error;
  }
}

interface DemoSeal {
  pkcs12: Uint8Array;
  password: string;
  caPem: string;
}

/**
 * A demo CA and a 4096-bit seal certificate issued to `authority`, made once and kept (key generation takes
 * seconds); made anew when the kept one names another authority.
 */
export async function demoSeal(dir: string, authority: string): Promise<DemoSeal> {
  const file = join(dir, 'seal.json');
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as {
      pkcs12: string;
      password: string;
      caPem: string;
      authority?: string;
    };
    if (stored.authority === authority) {
      return { pkcs12: Buffer.from(stored.pkcs12, 'base64'), password: stored.password, caPem: stored.caPem };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const validity = {
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 3 * 365 * 86_400_000),
  };
  const ca = await createTestRootCa(4096, validity);
  const certificate = await issueSealCertificate(ca, { validity, authority });
  const password = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url');
  const seal = { pkcs12: toPkcs12(certificate, [ca], password), password, caPem: ca.pem };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written aside and renamed: demos sharing a seal folder never read half a file.
  const written = `${file}.${process.pid}.tmp`;
  await writeFile(
    written,
    JSON.stringify({
      pkcs12: Buffer.from(seal.pkcs12).toString('base64'),
      password,
      caPem: ca.pem,
      authority,
    }),
    { mode: 0o600 },
  );
  await rename(written, file);
  return seal;
}

interface DemoPorts {
  platform?: number;
  identityProvider?: number;
}

const PORTS_FILE = 'ports.json';

async function keptPorts(dataDir: string): Promise<DemoPorts> {
  try {
    const stored = JSON.parse(await readFile(join(dataDir, PORTS_FILE), 'utf8')) as DemoPorts;
    const port = (value: unknown) =>
      Number.isInteger(value) && (value as number) > 0 && (value as number) < 65_536
        ? (value as number)
        : undefined;
    const platform = port(stored.platform);
    const identityProvider = port(stored.identityProvider);
    return { ...(platform && { platform }), ...(identityProvider && { identityProvider }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return {};
    throw error;
  }
}

async function keepPorts(dataDir: string, ports: Required<DemoPorts>): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(join(dataDir, PORTS_FILE), JSON.stringify(ports), { mode: 0o600 });
}

/** A kept port another program took since: say which, rather than start where the demo's profiles do not point. */
async function onPort<T>(what: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(
      `demo ${what}: its port ${(error as { port?: number }).port ?? ''} is taken by another program; ` +
        `free it or start the demo with a new data folder`,
      { cause: error },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
