import type { PostgresMigration } from '../migrate';
import { isolateDepartments } from './004-row-security';

/**
 * Team work, as the vault's migration 10: followers of a case, who is working on it until when, absences
 * with their deputy; each row with its department under row security.
 */
export const teamWorkSchema: PostgresMigration = {
  version: 9,
  name: 'team-work',
  async up(db) {
    await db.query(`
      CREATE TABLE case_followers (
        case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        person text NOT NULL,
        department text NOT NULL CHECK (department <> ''),
        PRIMARY KEY (case_id, person)
      );
      CREATE INDEX case_followers_person ON case_followers (department, person);
      CREATE TABLE case_presence (
        case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        person text NOT NULL,
        department text NOT NULL CHECK (department <> ''),
        until timestamptz NOT NULL,
        PRIMARY KEY (case_id, person)
      );
      CREATE TABLE absences (
        id text PRIMARY KEY,
        department text NOT NULL CHECK (department <> ''),
        person text NOT NULL,
        deputy text NOT NULL CHECK (deputy <> person),
        from_date date NOT NULL,
        to_date date NOT NULL CHECK (to_date >= from_date)
      );
      CREATE INDEX absences_department ON absences (department, from_date);
    `);
    await isolateDepartments(db, ['case_followers', 'case_presence', 'absences']);
  },
};
