/** The replica's part of the contract: whether the department service can be reached, for the banner. */
import { event } from '../../shared/api/call';
import type { Connectivity } from '../../shared/replica/types';

export const replicaEvents = {
  'department.connectivity': event<Connectivity>(),
} as const;
