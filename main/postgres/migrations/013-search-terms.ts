import type { PostgresMigration } from '../migrate';
import { isolateDepartments } from './004-row-security';

/**
 * Search that row security lets use an index. Under a policy, PostgreSQL evaluates a query's conditions
 * only after the policy's unless they are leakproof, and `tsvector @@ tsquery` is not: the GIN index of
 * migration 2 was never used, and every text search read every case of the department. `case_terms` holds
 * each case's lexemes (those of its search vector) under the same row security; the inbox looks them up
 * with `=` and `starts_with` on text, which are leakproof, through the B-tree of the primary key, and
 * checks the few cases found with `@@` as before (search.ts). A trigger keeps the terms in step with the
 * vector, adding and removing only the lexemes that changed (a claim adds its Aktenzeichen's).
 * The GIN index goes: nothing could use it, and every intake paid for it.
 */
export const searchTermsSchema: PostgresMigration = {
  version: 13,
  name: 'search-terms',
  async up(db) {
    await db.query(`
      CREATE TABLE case_terms (
        department text NOT NULL CHECK (department <> ''),
        term text COLLATE "C" NOT NULL,
        case_seq bigint NOT NULL REFERENCES cases (seq) ON DELETE CASCADE,
        PRIMARY KEY (department, term, case_seq)
      );
      CREATE INDEX case_terms_case ON case_terms (case_seq);

      CREATE FUNCTION case_terms_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        terms text[] := tsvector_to_array(NEW.search);
        old_terms text[] := CASE WHEN TG_OP = 'UPDATE' THEN tsvector_to_array(OLD.search) ELSE '{}' END;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM case_terms WHERE case_seq = NEW.seq AND NOT term = ANY (terms);
        END IF;
        INSERT INTO case_terms (department, term, case_seq)
          SELECT NEW.department, t, NEW.seq FROM unnest(terms) AS t WHERE NOT t = ANY (old_terms)
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$;
      CREATE TRIGGER cases_terms_insert AFTER INSERT ON cases
        FOR EACH ROW EXECUTE FUNCTION case_terms_follow();
      CREATE TRIGGER cases_terms_update AFTER UPDATE ON cases
        FOR EACH ROW WHEN (OLD.search IS DISTINCT FROM NEW.search) EXECUTE FUNCTION case_terms_follow();

      DROP INDEX cases_search;
    `);
    await isolateDepartments(db, ['case_terms']);
    // Cases stored before this migration: row security hides every department's rows from the role while
    // no department is set, so the owner lifts FORCE for this one statement, inside the migration's
    // transaction (no other session sees the table meanwhile).
    await db.query(`
      ALTER TABLE cases NO FORCE ROW LEVEL SECURITY;
      ALTER TABLE case_terms NO FORCE ROW LEVEL SECURITY;
      INSERT INTO case_terms (department, term, case_seq)
        SELECT c.department, t, c.seq FROM cases c, unnest(tsvector_to_array(c.search)) AS t
        ON CONFLICT DO NOTHING;
      ALTER TABLE cases FORCE ROW LEVEL SECURITY;
      ALTER TABLE case_terms FORCE ROW LEVEL SECURITY;
      ANALYZE case_terms;
    `);
  },
};
