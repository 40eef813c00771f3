import { refreshFormText } from '../search-index';
import type { Migration } from './index';

/**
 * Full-text search over the inbox fields and the form values, and the indexes behind filter + sort + page.
 * Case columns reach the search table through triggers, whoever writes them; form text is written by the
 * intake (and backfilled here), since flattening form data needs code.
 */
export const searchSchema: Migration = {
  version: 2,
  name: 'search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE case_search USING fts5 (
        department, applicant_name, file_reference, service_name, form_text,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN
        INSERT INTO case_search (rowid, department, applicant_name, file_reference, service_name, form_text)
        VALUES (new.seq, new.department, new.applicant_name, new.file_reference, new.service_name, '');
      END;
      CREATE TRIGGER cases_search_update
      AFTER UPDATE OF department, applicant_name, file_reference, service_name ON cases BEGIN
        UPDATE case_search
        SET department = new.department, applicant_name = new.applicant_name,
          file_reference = new.file_reference, service_name = new.service_name
        WHERE rowid = new.seq;
      END;
      CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN
        DELETE FROM case_search WHERE rowid = old.seq;
      END;

      INSERT INTO case_search (rowid, department, applicant_name, file_reference, service_name, form_text)
      SELECT seq, department, applicant_name, file_reference, service_name, '' FROM cases;

      -- Covering indexes for the inbox: every filter and sort column, so counting and choosing a page read
      -- only index pages of one department, and the page's rows are fetched afterwards (see search.ts).
      -- by_received serves the default order (newest first) and deep pages by walking in order;
      -- by_status serves status filters and every other sort column.
      CREATE INDEX cases_by_received ON cases (
        department, received_at, status, assignee, verification, service_identifier, deadline_at
      );
      CREATE INDEX cases_by_status ON cases (
        department, status, received_at, deadline_at, assignee, verification, service_identifier, updated_at,
        file_reference, service_name, applicant_name
      );
    `);
    for (const { id } of db.prepare('SELECT id FROM cases').all() as { id: string }[]) {
      refreshFormText(db, id);
    }
  },
};
