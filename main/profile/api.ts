/** The department profile's slice of the API: first run (demo or import) and the imported profiles. */
import { z } from 'zod';
import { call, none } from '../../shared/api/call';
import type { SessionState } from '../auth/api';

/** Where a profile sends records or archives to; tokens stay in the key store. */
export type ProfileTargetSummary =
  | { kind: 'hotFolder'; path: string }
  | { kind: 'http'; url: string }
  | { kind: 'fitconnect'; destinationId: string };

/** An imported department profile as settings show it: nothing secret, only names, ids and dates. */
export type ProfileSummary = WorkstationProfileSummary | DepartmentModeProfileSummary;

interface ProfileSummaryBase {
  departmentId: string;
  departmentName: string;
  demo: boolean;
  importedAt: string;
  issuer: string;
  idleMinutes: number;
}

/** Department mode: the service holds the FIT-Connect settings, keys, seal and targets. */
export interface DepartmentModeProfileSummary extends ProfileSummaryBase {
  mode: 'department';
  serviceUrl: string;
}

export interface WorkstationProfileSummary extends ProfileSummaryBase {
  mode: 'workstation';
  authorityName: string;
  destinations: {
    destinationId: string;
    name: string;
    decryptionKeyIds: string[];
    signingKeyIds: string[];
  }[];
  seal: { subject: string; issuer: string; validTo: string };
  handover: ProfileTargetSummary;
  archive: ProfileTargetSummary;
  services: { identifier: string; name: string }[];
}

export interface ProfilesView {
  profiles: ProfileSummary[];
  /** The file IT rolled out (picked up at start), if there is one. */
  managedPath: string | null;
}

export interface ProfileImportResult {
  session: SessionState;
  profile: ProfileSummary;
}

export const setupCalls = {
  'setup.startDemo': call<SessionState>()(none),
  /** Validates the profile completely, then stores it whole or not at all; issues carry JSON paths. */
  'setup.importProfile': call<ProfileImportResult>()(
    z.object({ profile: z.string().min(2).max(5_000_000) }).strict(),
  ),
  /** The imported profiles, non-secret; for Administration (or anyone before the first profile). */
  'setup.profiles': call<ProfilesView>()(none),
} as const;
