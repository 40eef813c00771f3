import type { Migration } from './index';

/**
 * The inbox's service filter lists each service of the department with its number of cases. Grouped by
 * the service identifier, that read every case row; this index holds all it needs, in its order.
 */
export const serviceCountsSchema: Migration = {
  version: 8,
  name: 'service-counts',
  up(db) {
    db.exec(
      'CREATE INDEX cases_by_service_identifier ON cases (department, service_identifier, service_name);',
    );
  },
};
