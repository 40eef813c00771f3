/**
 * Demo profiles: the two shipped departments (assets/profiles/demo-*.json) completed with what the local
 * platform creates at demo start (destination ids, client credentials, keys) and the addresses the demo
 * services listen on. The result is an ordinary profile, imported and checked like any other.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { JWK } from 'jose';
import { ProfileError, profileIssue } from './errors';
import { validateProfileSchema } from './schema';
import type { DepartmentProfile, ProfileDestination } from './types';

export const DEMO_PROFILE_FILES = {
  buergerservice: fileURLToPath(new URL('../../assets/profiles/demo-buergerservice.json', import.meta.url)),
  ordnungsamt: fileURLToPath(new URL('../../assets/profiles/demo-ordnungsamt.json', import.meta.url)),
} as const;

export type DemoDepartmentId = keyof typeof DEMO_PROFILE_FILES;

/** A shipped demo profile, checked against the schema. */
export async function readDemoProfile(id: DemoDepartmentId): Promise<DepartmentProfile> {
  const result = validateProfileSchema(JSON.parse(await readFile(DEMO_PROFILE_FILES[id], 'utf8')));
  if (!result.ok) throw new ProfileError('profile-invalid', result.issues);
  if ('departmentService' in result.profile) throw new ProfileError('profile-invalid');
  return result.profile;
}

/** A department as the platform provisions it (the shape of its `DemoDepartment`). */
export interface DemoDepartmentHandover {
  clientId: string;
  clientSecret: string;
  destinations: readonly {
    destinationId: string;
    name: string;
    /** Private decryption keys, kid set. */
    encryptionKeys: readonly JWK[];
    /** Private signing key, kid set. */
    signingKey: JWK;
  }[];
}

export interface DemoHandover {
  /** Issuer of the local identity provider. */
  issuer: string;
  tokenUrl: string;
  submissionApiUrl: string;
  department: DemoDepartmentHandover;
  /** A seal made at demo start; without it the profile's own seal reference stays. */
  seal?: { pkcs12: Uint8Array; password: string };
  /** The platform's BundID mailbox (ZBP) and the sender client departments reach it with. */
  zbp?: { destinationId: string; clientId: string; clientSecret: string };
}

function destinationOf(
  department: DemoDepartmentHandover,
  destination: DemoDepartmentHandover['destinations'][number],
): ProfileDestination {
  return {
    destinationId: destination.destinationId,
    name: destination.name,
    clientId: department.clientId,
    clientSecret: department.clientSecret,
    decryptionKeys: [{ jwks: { keys: destination.encryptionKeys.map((key) => ({ ...key })) } }],
    signingKeys: [{ jwks: { keys: [{ ...destination.signingKey }] } }],
  };
}

/** The demo profile with the platform's handover filled in; refuses a profile not marked `demo`. */
export function withDemoHandover(profile: DepartmentProfile, handover: DemoHandover): DepartmentProfile {
  if (profile.demo !== true) {
    throw new ProfileError('profile-invalid', [profileIssue('/demo', 'invalid-value', { expected: 'true' })]);
  }
  return {
    ...profile,
    identityProvider: { ...profile.identityProvider, issuer: handover.issuer },
    fitConnect: {
      ...profile.fitConnect,
      tokenUrl: handover.tokenUrl,
      submissionApiUrl: handover.submissionApiUrl,
    },
    destinations: handover.department.destinations.map((destination) =>
      destinationOf(handover.department, destination),
    ),
    ...(handover.zbp === undefined ? {} : { delivery: { ...profile.delivery, zbp: { ...handover.zbp } } }),
    ...(handover.seal === undefined
      ? {}
      : {
          seal: {
            pkcs12: Buffer.from(handover.seal.pkcs12).toString('base64'),
            password: handover.seal.password,
          },
        }),
  };
}
