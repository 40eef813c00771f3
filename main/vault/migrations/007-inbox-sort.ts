import type { Migration } from './index';

/**
 * Every inbox column sorts from an index. Each sort index is the department and the column alone, so the
 * index's own order (column, then seq as the row id) is exactly the listing's ORDER BY and a page is read
 * by walking it, where migration 2's wide index made SQLite sort all of a department's cases for any
 * column but the received time. The deadline index also carries status and assignee: the overdue filter
 * counts from its range alone. by_received stays for the default order and the counts.
 */
export const inboxSortSchema: Migration = {
  version: 7,
  name: 'inbox-sort',
  up(db) {
    db.exec(`
      DROP INDEX cases_by_status;
      CREATE INDEX cases_by_status ON cases (department, status);
      CREATE INDEX cases_by_deadline ON cases (department, deadline_at, status, assignee);
      CREATE INDEX cases_by_applicant ON cases (department, applicant_name COLLATE NOCASE);
      CREATE INDEX cases_by_file_reference ON cases (department, file_reference);
      CREATE INDEX cases_by_service ON cases (department, service_name);
      CREATE INDEX cases_by_updated ON cases (department, updated_at);
      CREATE INDEX cases_by_assignee ON cases (department, assignee);
      CREATE INDEX cases_by_verification ON cases (department, verification);
    `);
  },
};
