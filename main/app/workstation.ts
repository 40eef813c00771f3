/**
 * This workstation's department profiles and the sign-in built on them. Before a profile is imported there
 * is nobody to sign in (first run: demo or import); afterwards the identity provider named by the profiles
 * decides who works here, and the signed-in person's department selects their profile.
 */

import { ApiError } from '../../shared/api/result';
import type { Principal } from '../../shared/auth/roles';
import type { SessionState } from '../api/contract';
import { type AuthService, createAuthService } from '../auth/auth-service';
import type { OpenBrowser } from '../auth/authorize';
import type { SecretStore } from '../auth/secret-store';
import { importProfile } from '../profile/import';
import { findManagedProfile } from '../profile/managed';
import { PROFILES_SETTING, readDepartmentProfiles } from '../profile/stored';
import {
  type DepartmentServiceSettings,
  isDepartmentModeProfile,
  isWorkstationProfile,
  type StoredDepartmentProfile,
  type StoredProfile,
} from '../profile/types';
import type { KeyValueStore } from '../settings/user-settings';

export interface WorkstationOptions {
  settingsStore: KeyValueStore;
  secretStore: SecretStore;
  openBrowser: OpenBrowser;
  now: () => Date;
  /** Where IT may roll out a department profile; the first file found is imported at start. */
  managedProfilePaths?: readonly string[];
}

export class Workstation {
  private auth: AuthService | null = null;
  /** The managed profile file imported at start, if any. */
  private managed: string | null = null;

  constructor(private readonly options: WorkstationOptions) {}

  /** Every imported profile, of either kind. */
  profiles(): StoredProfile[] {
    return Object.values(readDepartmentProfiles(this.options.settingsStore));
  }

  /** The single-workstation profiles: those the services here read FIT-Connect, seal and targets from. */
  workstationProfiles(): StoredDepartmentProfile[] {
    return this.profiles().filter(isWorkstationProfile);
  }

  /**
   * The department service this workstation works against, or null on a single workstation. A workstation
   * holds profiles of one kind only (import refuses a mix), so there is at most one service.
   */
  departmentService(): DepartmentServiceSettings | null {
    return this.profiles().find(isDepartmentModeProfile)?.departmentService ?? null;
  }

  /** The signed-in person's department profile, of either kind. */
  profileOf(principal: Principal): StoredProfile {
    const profile = this.profiles().find((candidate) => candidate.department.id === principal.department);
    if (!profile) {
      throw new ApiError('forbidden', `No profile is imported for department ${principal.department}.`);
    }
    return profile;
  }

  /** A department's single-workstation profile; in department mode the service holds these settings. */
  profileOfDepartment(department: string): StoredDepartmentProfile {
    const profile = this.workstationProfiles().find((candidate) => candidate.department.id === department);
    if (!profile) throw new ApiError('forbidden', `No profile is imported for department ${department}.`);
    return profile;
  }

  state(): SessionState {
    const profiles = this.profiles();
    if (profiles.length === 0) return { status: 'no-profile' };
    const state = this.authService().state();
    if (state.status === 'signed-out') {
      return { status: 'signed-out', departmentName: profiles.map((p) => p.department.name).join(', ') };
    }
    const profile = this.profileOf(state.principal);
    return {
      status: state.status,
      principal: state.principal,
      departmentName: profile.department.name,
      idleMinutes: profile.identityProvider.idleMinutes,
    };
  }

  /** The managed profile file in use (imported at start), or null. */
  managedProfilePath(): string | null {
    return this.managed;
  }

  /** The signed-in, unlocked principal; the call is refused otherwise. */
  principal(): Principal {
    return this.authService().principal();
  }

  authService(): AuthService {
    if (this.auth) return this.auth;
    const profiles = this.profiles();
    const first = profiles[0];
    if (!first)
      throw new ApiError('unauthorized', 'Import a department profile first.', undefined, 'no-profile');
    const service = this.departmentService();
    this.auth = createAuthService({
      identityProvider: first.identityProvider,
      // In department mode the access token is the service's: asked for with its audience.
      ...(service && { resource: service.audience }),
      openBrowser: this.options.openBrowser,
      secretStore: this.options.secretStore,
      clock: () => this.options.now().getTime(),
      allowInsecureRequests: profiles.every((profile) => profile.demo),
      allowedDepartments: profiles.map((profile) => profile.department.id),
      // Each department's profile says how soon its sessions lock.
      idleMinutesOf: (principal) => this.profileOf(principal).identityProvider.idleMinutes,
    });
    return this.auth;
  }

  /**
   * Imports a profile (validated completely before anything is written). On a workstation that already has
   * profiles only an Administration user may do this.
   */
  async importProfile(input: string | object, baseDir?: string): Promise<StoredProfile> {
    const existing = this.profiles();
    const demoOnly = existing.every((profile) => profile.demo) && isDemoProfile(input);
    if (existing.length > 0 && !demoOnly) {
      const principal = this.principal();
      if (!principal.roles.includes('Administration')) {
        throw new ApiError('forbidden', 'Only an administrator may import department profiles.');
      }
    }
    return this.store(input, baseDir);
  }

  /**
   * Imports several profiles as one (the demo's): when one is refused or cannot be written, those this call
   * imported before it are taken back, the profile list and the key store as they were, so no profile is
   * left pointing at something that did not start. `settle` is what must succeed too for the import to
   * stand (the caller's own set-up around it).
   */
  async importProfiles(
    inputs: readonly (string | object)[],
    baseDir: string,
    settle: (stored: readonly StoredProfile[]) => Promise<void>,
  ): Promise<StoredProfile[]> {
    const { settingsStore, secretStore } = this.options;
    const profilesBefore = readDepartmentProfiles(settingsStore);
    const secretsBefore = new Map<string, string | null>();
    for (const name of Object.values(profilesBefore).flatMap((profile) => profile.secretNames)) {
      secretsBefore.set(name, await secretStore.get(name));
    }
    const imported: StoredProfile[] = [];
    try {
      for (const input of inputs) imported.push(await this.importProfile(input, baseDir));
      await settle(imported);
      return imported;
    } catch (error) {
      settingsStore.set(PROFILES_SETTING, profilesBefore);
      for (const name of new Set(imported.flatMap((profile) => profile.secretNames))) {
        const before = secretsBefore.get(name) ?? null;
        await (before === null ? secretStore.delete(name) : secretStore.put(name, before)).catch(
          () => undefined,
        );
      }
      if (this.auth?.state().status === 'signed-out') this.auth = null;
      throw error;
    }
  }

  /**
   * Imports the profile IT rolled out to a managed path, if there is one: IT's rollout needs no
   * Administration sign-in. A profile others may change, or an invalid one, is refused with its error.
   */
  async importManagedProfile(): Promise<StoredProfile | undefined> {
    const path = await findManagedProfile(this.options.managedProfilePaths ?? []);
    if (path === undefined) return undefined;
    const stored = await this.store(path);
    this.managed = path;
    return stored;
  }

  private async store(input: string | object, baseDir?: string): Promise<StoredProfile> {
    const stored = await importProfile(input, {
      secretStore: this.options.secretStore,
      settingsStore: this.options.settingsStore,
      now: this.options.now(),
      ...(baseDir && { baseDir }),
    });
    // A new identity provider or department list takes effect with the next sign-in.
    if (this.auth?.state().status === 'signed-out') this.auth = null;
    return stored;
  }
}

/** Demo profiles are renewed at every demo start (new loopback ports); they may replace demo profiles only. */
function isDemoProfile(input: string | object): boolean {
  return typeof input === 'object' && (input as { demo?: unknown }).demo === true;
}
