/** The archive's slice of the API: deleting the local data whose retention after the archive has passed. */
import { call, none } from '../../shared/api/call';

export interface PurgeResult {
  purged: number;
  failed: number;
}

export const archiveCalls = {
  /** Teamleitung: deletes the local data of every case whose retention after a confirmed archive has passed. */
  'archive.purgeDue': call<PurgeResult>()(none),
} as const;
