import type { PostgresMigration } from '../migrate';
import { isolateDepartments } from './004-row-security';

/**
 * Commands a workstation made offline and replays when the service is back: one row per command id once it
 * was applied, with what it answered, so a replay answers the same and changes nothing (department mode).
 */
export const offlineCommandsSchema: PostgresMigration = {
  version: 10,
  name: 'offline-commands',
  async up(db) {
    await db.query(`
      CREATE TABLE applied_commands (
        command_id text PRIMARY KEY,
        department text NOT NULL CHECK (department <> ''),
        case_id text NOT NULL,
        user_id text NOT NULL,
        outcome json NOT NULL,
        applied_at timestamptz NOT NULL
      );
    `);
    await isolateDepartments(db, ['applied_commands']);
  },
};
