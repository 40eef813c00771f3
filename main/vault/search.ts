/**
 * The inbox query: filters, full-text search, sort and page over one department's cases. Only fixed
 * column names reach the SQL text; every value is a bound parameter.
 */

import {
  CASE_COUNT_CAP,
  type CaseList,
  type CaseQuery,
  type CaseSortColumn,
  caseSortColumns,
  caseStatuses,
  type InboxRow,
  settledCaseStatuses,
  UNASSIGNED,
  verificationStates,
} from '../../shared/cases/types';
import { columns } from './columns';
import { VaultError } from './errors';
import { toFtsQuery } from './fts-query';
import { isoTime, oneOf, prepared, type SqliteDatabase } from './sql';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/**
 * Nullable columns get NULLS LAST. Every column has an index (department, column) whose order, with seq
 * as the row id, is exactly `column, seq` (migrations 2 and 7), so a page is read by walking it.
 */
const SORT_SQL: Record<CaseSortColumn, { expression: string; nullable: boolean }> = {
  receivedAt: { expression: 'c.received_at', nullable: false },
  deadlineAt: { expression: 'c.deadline_at', nullable: true },
  applicantName: { expression: 'c.applicant_name COLLATE NOCASE', nullable: false },
  fileReference: { expression: 'c.file_reference', nullable: true },
  serviceName: { expression: 'c.service_name', nullable: false },
  status: { expression: 'c.status', nullable: false },
  updatedAt: { expression: 'c.updated_at', nullable: false },
  assignee: { expression: 'c.assignee', nullable: true },
  verification: { expression: 'c.verification', nullable: false },
};

const SETTLED_SQL = settledCaseStatuses.map((status) => `'${status}'`).join(', ');

const ROW_COLUMNS = columns<InboxRow>(
  {
    id: true,
    fileReference: true,
    applicantName: true,
    serviceName: true,
    status: true,
    receivedAt: true,
    deadlineAt: true,
    assignee: true,
    verification: true,
    version: true,
  },
  'c',
);

export function listCases(db: SqliteDatabase, query: CaseQuery): CaseList {
  const statements = inboxStatements(query);
  const rows = prepared(db, statements.page).all(statements.pageParams) as InboxRow[];
  // The count walks the matches, while a page stops after its rows: it is paid only when asked for, and
  // only as far as the cap.
  if (query.withTotal === false) return { total: null, rows };
  const cap = countCapOf(query);
  const { n } = prepared(db, statements.count).get({ ...statements.params, countLimit: cap + 1 }) as {
    n: number;
  };
  return { ...cappedTotal(n, cap), rows };
}

/** The query's count cap, checked (both stores). */
export function countCapOf(query: CaseQuery): number {
  const cap = query.countUpTo ?? CASE_COUNT_CAP;
  if (!Number.isInteger(cap) || cap < 1) throw new VaultError('vault-invalid-input', { detail: 'countUpTo' });
  return cap;
}

/** A count of at most `cap + 1` matches as the answer gives it: beyond the cap only "more than" (both stores). */
export function cappedTotal(counted: number, cap: number): Pick<CaseList, 'total' | 'moreThanTotal'> {
  return counted > cap ? { total: cap, moreThanTotal: true } : { total: counted };
}

/** The query's sort and page, checked: only offered columns and directions, 1–500 rows (both stores). */
export function pageOf(query: CaseQuery): {
  column: CaseSortColumn;
  dir: 'ASC' | 'DESC';
  limit: number;
  offset: number;
} {
  const sort = query.sort ?? { column: 'receivedAt', dir: 'desc' };
  const column = oneOf(caseSortColumns, sort.column, 'sort.column');
  const dir = oneOf(['asc', 'desc'] as const, sort.dir, 'sort.dir') === 'asc' ? 'ASC' : 'DESC';
  const limit = query.limit ?? DEFAULT_LIMIT;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new VaultError('vault-invalid-input', { detail: 'limit' });
  }
  if (!Number.isInteger(offset) || offset < 0)
    throw new VaultError('vault-invalid-input', { detail: 'offset' });
  return { column, dir, limit, offset };
}

/** The two statements behind one inbox answer (the count and the page), with their bound values. */
export function inboxStatements(query: CaseQuery): {
  count: string;
  page: string;
  params: Record<string, string>;
  pageParams: Record<string, string | number>;
} {
  const { where, params } = filter(query);
  const page = pageOf(query);
  const column = SORT_SQL[page.column];
  const { dir, limit, offset } = page;

  const whereSql = where.join(' AND ');
  // seq breaks ties, so paging is stable. The page's seqs are chosen first (inner query, from the sort
  // column's index); only its rows are then read whole, instead of every match being read to be sorted.
  const order = `${column.expression} ${dir}${column.nullable ? ' NULLS LAST' : ''}, c.seq ${dir}`;
  return {
    count: `SELECT count(*) AS n FROM (SELECT 1 FROM cases c WHERE ${whereSql} LIMIT @countLimit)`,
    page: `SELECT ${ROW_COLUMNS} FROM (
       SELECT c.seq FROM cases c WHERE ${whereSql} ORDER BY ${order} LIMIT @limit OFFSET @offset
     ) page JOIN cases c ON c.seq = page.seq
     ORDER BY ${order}`,
    params,
    pageParams: { ...params, limit, offset },
  };
}

function filter(query: CaseQuery): { where: string[]; params: Record<string, string> } {
  const where = ['c.department = @department'];
  const params: Record<string, string> = { department: query.department };
  if (query.status && query.status.length > 0) {
    for (const status of query.status) oneOf(caseStatuses, status, 'status');
    where.push('c.status IN (SELECT value FROM json_each(@statuses))');
    params.statuses = JSON.stringify(query.status);
  }
  if (query.service && query.service.length > 0) {
    where.push('c.service_identifier IN (SELECT value FROM json_each(@services))');
    params.services = JSON.stringify(query.service);
  }
  if (query.receivedFrom !== undefined) {
    where.push('c.received_at >= @receivedFrom');
    params.receivedFrom = isoTime(query.receivedFrom, 'receivedFrom');
  }
  if (query.receivedTo !== undefined) {
    where.push('c.received_at < @receivedTo');
    params.receivedTo = isoTime(query.receivedTo, 'receivedTo');
  }
  if (query.assignee === UNASSIGNED) {
    where.push('c.assignee IS NULL');
  } else if (query.assignee !== undefined) {
    where.push('c.assignee = @assignee');
    params.assignee = query.assignee;
  }
  if (query.assigneeIn !== undefined) {
    where.push('c.assignee IN (SELECT value FROM json_each(@assigneeIn))');
    params.assigneeIn = JSON.stringify(query.assigneeIn);
  }
  if (query.followedBy !== undefined) {
    where.push(
      'c.id IN (SELECT f.case_id FROM case_followers f WHERE f.department = @department AND f.person = @followedBy)',
    );
    params.followedBy = query.followedBy;
  }
  if (query.visibleTo !== undefined) {
    where.push(`(c.assignee IS NULL OR c.assignee = @visibleTo
      OR c.assignee IN (SELECT value FROM json_each(@visibleAssignees))
      OR c.id IN (SELECT f.case_id FROM case_followers f WHERE f.department = @department AND f.person = @visibleTo))`);
    params.visibleTo = query.visibleTo;
    params.visibleAssignees = JSON.stringify(query.visibleAssignees ?? []);
  }
  if (query.overdue) {
    // The unary + keeps the deadline index's range from driving the page: without statistics (a vault not
    // yet analyzed) SQLite would read every overdue case and sort them, instead of walking the sort
    // column's index, where the received index also holds deadline and status.
    where.push(`+c.deadline_at < @now AND c.status NOT IN (${SETTLED_SQL})`);
    params.now = isoTime(query.overdue.now, 'overdue.now');
  }
  if (query.verification !== undefined) {
    where.push('c.verification = @verification');
    params.verification = oneOf(verificationStates, query.verification, 'verification');
  }
  const match = query.text === undefined ? null : toFtsQuery(query.text);
  if (match !== null) {
    // The unary + keeps the planner from driving the query by the search hits (one table lookup per hit,
    // unbounded for common words): the department's index entries are scanned and checked against the
    // hits instead, so a search costs at most one pass over the department.
    where.push('+c.seq IN (SELECT rowid FROM case_search WHERE case_search MATCH @match)');
    params.match = match;
  }
  return { where, params };
}
