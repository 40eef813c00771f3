/**
 * The workstations' profile for a department the department service runs: the department's id and name and
 * its sign-in, plus the service's address and audience; none of the service's keys, secrets or seal.
 * IT hands it out (or rolls it out to the managed path); the demo service writes one per department.
 */
import {
  type DepartmentModeProfile,
  type DepartmentProfile,
  type DepartmentServiceSettings,
  PROFILE_FORMAT,
} from './types';

export function departmentModeProfileOf(
  profile: Pick<DepartmentProfile, 'department' | 'identityProvider' | 'demo'>,
  service: DepartmentServiceSettings,
  /** The scope to ask for, when the provider needs the service's API scope named (the demo's does). */
  scope?: string,
): DepartmentModeProfile {
  return {
    format: PROFILE_FORMAT,
    ...(profile.demo === true && { demo: true }),
    department: { id: profile.department.id, name: profile.department.name },
    identityProvider: {
      ...profile.identityProvider,
      ...(scope !== undefined && { scope }),
    },
    departmentService: service,
  };
}
