/**
 * The replica's part of the contract: whether the department service can be reached (for the banner), and
 * the case view's "offline verfügbar" control and the conflicts of commands made offline. The workstation in
 * department mode answers these itself; a workstation on its own vault and the service have no replica.
 */
import { z } from 'zod';
import { call, event, id } from '../../shared/api/call';
import type { Connectivity, ReplicaState } from '../../shared/replica/types';

export const replicaCalls = {
  /** Whether this workstation keeps a replica, the case's place in it, and every conflict to settle. */
  'replica.state': call<ReplicaState>()(z.object({ caseId: id.optional() }).strict()),
  /** The case view's "offline verfügbar": keep (or stop keeping) a case that is not the person's. */
  'replica.mark': call<ReplicaState>()(z.object({ caseId: id, offline: z.boolean() }).strict()),
  /** The person has taken over what they typed from a conflict; it goes. */
  'replica.settle': call<ReplicaState>()(z.object({ commandId: id }).strict()),
} as const;

export const replicaEvents = {
  'department.connectivity': event<Connectivity>(),
  /** The replica's queue, conflicts or marks changed (a change queued, a replay ended, a case marked). */
  'replica.changed': event<{ queued: number; conflicts: number }>(),
} as const;

/** No replica here (a workstation on its own vault, the service): the state says so, changes are refused. */
export const noReplicaState: ReplicaState = {
  available: false,
  connectivity: { online: true },
  held: false,
  marked: false,
  queued: 0,
  conflicts: [],
};
