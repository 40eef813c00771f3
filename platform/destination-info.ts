import type { JWK } from 'jose';
import { z } from 'zod';
import { requireDestination, requireRole } from './access';
import type { Principal } from './auth';
import type { PlatformContext } from './context';
import { KID, type PublicKeyInput, registerKey, requireEncryptionKey } from './destination-keys';
import { ApiProblem } from './problems';
import { FIT_CONNECT } from './settings';
import type { DestinationRecord } from './store/destinations';

export interface DestinationInfo {
  destinationId: string;
  status: DestinationRecord['status'];
  services: {
    identifier: string;
    submissionSchemas: { schemaUri: string; mimeType: string }[];
    regions: string[];
  }[];
  encryptionKid: string;
  metadataVersions: string[];
  replyChannels: DestinationRecord['replyChannels'];
}

function visibleDestination(
  ctx: PlatformContext,
  principal: Principal,
  destinationId: string,
): DestinationRecord {
  requireDestination(principal, destinationId);
  const destination = ctx.destinations.find(destinationId);
  if (destination === undefined)
    throw new ApiProblem('destination-not-found', `Destination ${destinationId} not found.`);
  return destination;
}

export function destinationInfo(
  ctx: PlatformContext,
  principal: Principal,
  destinationId: string,
): DestinationInfo {
  const destination = visibleDestination(ctx, principal, destinationId);
  return {
    destinationId: destination.destinationId,
    status: destination.status,
    services: destination.services.map(({ identifier, submissionSchemas, regions }) => ({
      identifier,
      submissionSchemas,
      regions,
    })),
    encryptionKid: destination.encryptionKid,
    metadataVersions: [...FIT_CONNECT.metadataVersions],
    replyChannels: destination.replyChannels,
  };
}

/** One public key of a destination: its encryption key (`wrapKey`) or a signature key (`verify`). */
export function destinationKey(
  ctx: PlatformContext,
  principal: Principal,
  destinationId: string,
  kid: string,
): JWK {
  const destination = visibleDestination(ctx, principal, destinationId);
  const key = ctx.destinations.key(destination.destinationId, kid);
  if (key === undefined)
    throw new ApiProblem('resource-not-found', `Key ${kid} not found for destination ${destinationId}.`);
  return key.jwk;
}

export const patchDestinationInput = z.object({ encryptionKid: KID }).strict();

/**
 * `POST /destinations/{id}/keys`: the destination's own subscriber registers one more public key, the first
 * step of a key rollover (FITKO's destination management).
 */
export function addDestinationKey(
  ctx: PlatformContext,
  principal: Principal,
  destinationId: string,
  input: PublicKeyInput,
): JWK {
  requireRole(principal, 'subscriber');
  const destination = visibleDestination(ctx, principal, destinationId);
  return registerKey(ctx, destination.destinationId, input).jwk;
}

/** `PATCH /destinations/{id}`: its subscriber switches `encryptionKid` to a registered encryption key. */
export function patchDestination(
  ctx: PlatformContext,
  principal: Principal,
  destinationId: string,
  input: z.infer<typeof patchDestinationInput>,
): DestinationInfo {
  requireRole(principal, 'subscriber');
  const destination = visibleDestination(ctx, principal, destinationId);
  requireEncryptionKey(ctx, destination.destinationId, input.encryptionKid);
  ctx.destinations.update({ ...destination, encryptionKid: input.encryptionKid });
  return destinationInfo(ctx, principal, destinationId);
}
