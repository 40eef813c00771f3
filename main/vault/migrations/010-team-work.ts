import type { Migration } from './index';

/**
 * Team work: followers of a case ("Beobachten", many people per case), who is working on a case right now
 * (until a time, so a closed desk's presence expires on its own), and absences with their deputy.
 */
export const teamWorkSchema: Migration = {
  version: 10,
  name: 'team-work',
  up(db) {
    db.exec(`
      CREATE TABLE case_followers (
        case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        person TEXT NOT NULL,
        department TEXT NOT NULL,
        PRIMARY KEY (case_id, person)
      ) WITHOUT ROWID;
      CREATE INDEX case_followers_person ON case_followers (department, person);
      CREATE TABLE case_presence (
        case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        person TEXT NOT NULL,
        department TEXT NOT NULL,
        until TEXT NOT NULL,
        PRIMARY KEY (case_id, person)
      ) WITHOUT ROWID;
      CREATE TABLE absences (
        id TEXT PRIMARY KEY,
        department TEXT NOT NULL,
        person TEXT NOT NULL,
        deputy TEXT NOT NULL CHECK (deputy <> person),
        from_date TEXT NOT NULL,
        to_date TEXT NOT NULL CHECK (to_date >= from_date)
      );
      CREATE INDEX absences_department ON absences (department, from_date);
    `);
  },
};
