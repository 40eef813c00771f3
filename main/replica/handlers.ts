/**
 * The replica's calls where there is no replica: a workstation on its own vault and the department service
 * (a browser on it). The state says so, so the desk shows no "offline verfügbar" control; a change is refused.
 */

import type { SliceHandlers } from '../../shared/api/call';
import { ApiError } from '../../shared/api/result';
import { noReplicaState, type replicaCalls } from './api';

export function noReplicaHandlers(): SliceHandlers<typeof replicaCalls> {
  const refuse = () => {
    throw new ApiError(
      'refused',
      'Only a workstation in department mode keeps cases for offline work.',
      undefined,
      'department-mode-only',
    );
  };
  return {
    'replica.state': () => noReplicaState,
    'replica.mark': refuse,
    'replica.settle': refuse,
  };
}
