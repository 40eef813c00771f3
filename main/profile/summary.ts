/**
 * The non-secret view of an imported profile, as the settings screen shows it: names, ids, addresses and
 * dates. Secret names and anything read from the key store stay out.
 */
import type { ProfileSummary, ProfileTargetSummary } from './api';
import { isDepartmentModeProfile, type StoredProfile, type StoredTarget } from './types';

function targetSummary(target: StoredTarget): ProfileTargetSummary {
  switch (target.kind) {
    case 'hotFolder':
      return { kind: 'hotFolder', path: target.path };
    case 'http':
      return { kind: 'http', url: target.url };
    case 'fitconnect':
      return { kind: 'fitconnect', destinationId: target.destinationId };
  }
}

export function profileSummary(profile: StoredProfile): ProfileSummary {
  const base = {
    departmentId: profile.department.id,
    departmentName: profile.department.name,
    demo: profile.demo,
    importedAt: profile.importedAt,
    issuer: profile.identityProvider.issuer,
    idleMinutes: profile.identityProvider.idleMinutes,
  };
  if (isDepartmentModeProfile(profile)) {
    return { ...base, mode: 'department', serviceUrl: profile.departmentService.url };
  }
  return {
    ...base,
    mode: 'workstation',
    authorityName: profile.department.authorityName,
    destinations: profile.destinations.map((destination) => ({
      destinationId: destination.destinationId,
      name: destination.name,
      decryptionKeyIds: destination.decryptionKeyIds,
      signingKeyIds: destination.signingKeyIds,
    })),
    seal: { subject: profile.seal.subject, issuer: profile.seal.issuer, validTo: profile.seal.validTo },
    handover: targetSummary(profile.handover),
    archive: targetSummary(profile.archive),
    services: profile.services.map((service) => ({ identifier: service.identifier, name: service.name })),
  };
}
