/**
 * The inbox query on PostgreSQL: the vault's filters, sort and paging (vault/search.ts) with the same
 * answers, and full-text search with the German configuration of migration 2. Only fixed column names
 * reach the SQL text; every value is a bound parameter, and the text-search query is built from letters
 * and digits alone.
 */
import {
  type CaseList,
  type CaseQuery,
  type CaseSortColumn,
  caseStatuses,
  type InboxRow,
  settledCaseStatuses,
  UNASSIGNED,
  verificationStates,
} from '../../shared/cases/types';
import { searchWords } from '../vault/fts-query';
import { cappedTotal, countCapOf, pageOf } from '../vault/search';
import { isoTime, oneOf } from '../vault/sql';
import { iso, type SqlSession } from './sql';

/** As in the vault: nullable columns last in either direction, text in code-point order, names caseless. */
const SORT_SQL: Record<CaseSortColumn, { expression: string; nullable: boolean }> = {
  receivedAt: { expression: 'c.received_at', nullable: false },
  deadlineAt: { expression: 'c.deadline_at', nullable: true },
  applicantName: { expression: 'lower(c.applicant_name) COLLATE "C"', nullable: false },
  fileReference: { expression: 'c.file_reference COLLATE "C"', nullable: true },
  serviceName: { expression: 'c.service_name COLLATE "C"', nullable: false },
  status: { expression: 'c.status COLLATE "C"', nullable: false },
  updatedAt: { expression: 'c.updated_at', nullable: false },
  assignee: { expression: 'c.assignee COLLATE "C"', nullable: true },
  verification: { expression: 'c.verification COLLATE "C"', nullable: false },
};

const ROW_COLUMNS = `c.id, c.file_reference AS "fileReference", c.applicant_name AS "applicantName",
  c.service_name AS "serviceName", c.status, ${iso('c.received_at')} AS "receivedAt",
  ${iso('c.deadline_at')} AS "deadlineAt", c.assignee, c.verification, c.version`;

/** A word's tokens as the index splits them: runs of letters and digits. */
const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * The `to_tsquery` text for what a person typed: every word must match, a word of several tokens as a
 * phrase, the last word's last token as a prefix (from its second character, as in the vault). Null when
 * nothing searchable was typed.
 */
export function toTsQuery(input: string): string | null {
  const terms = searchWords(input)
    .map(({ word, prefix }) => {
      const tokens = word.match(TOKEN) ?? [];
      if (tokens.length === 0) return null;
      return tokens
        .map((token, index) => (prefix && index === tokens.length - 1 ? `${token}:*` : token))
        .join(' <-> ');
    })
    .filter((term): term is string => term !== null);
  return terms.length === 0 ? null : terms.map((term) => `(${term})`).join(' & ');
}

export async function listCases(db: SqlSession, query: CaseQuery): Promise<CaseList> {
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [`c.department = ${bind(query.department)}`];
  if (query.status && query.status.length > 0) {
    for (const status of query.status) oneOf(caseStatuses, status, 'status');
    where.push(`c.status = ANY(${bind([...query.status])}::text[])`);
  }
  if (query.service && query.service.length > 0) {
    where.push(`c.service_identifier = ANY(${bind([...query.service])}::text[])`);
  }
  if (query.receivedFrom !== undefined) {
    where.push(`c.received_at >= ${bind(isoTime(query.receivedFrom, 'receivedFrom'))}`);
  }
  if (query.receivedTo !== undefined) {
    where.push(`c.received_at < ${bind(isoTime(query.receivedTo, 'receivedTo'))}`);
  }
  if (query.assignee === UNASSIGNED) where.push('c.assignee IS NULL');
  else if (query.assignee !== undefined) where.push(`c.assignee = ${bind(query.assignee)}`);
  if (query.assigneeIn !== undefined) {
    where.push(`c.assignee = ANY(${bind([...query.assigneeIn])}::text[])`);
  }
  if (query.followedBy !== undefined) {
    where.push(`c.id IN (SELECT f.case_id FROM case_followers f WHERE f.person = ${bind(query.followedBy)})`);
  }
  if (query.visibleTo !== undefined) {
    const person = bind(query.visibleTo);
    where.push(`(c.assignee IS NULL OR c.assignee = ${person}
      OR c.assignee = ANY(${bind([...(query.visibleAssignees ?? [])])}::text[])
      OR c.id IN (SELECT f.case_id FROM case_followers f WHERE f.person = ${person}))`);
  }
  if (query.overdue) {
    where.push(
      `c.deadline_at < ${bind(isoTime(query.overdue.now, 'overdue.now'))} AND NOT c.status = ANY(${bind([...settledCaseStatuses])}::text[])`,
    );
  }
  if (query.verification !== undefined) {
    where.push(`c.verification = ${bind(oneOf(verificationStates, query.verification, 'verification'))}`);
  }
  const match = query.text === undefined ? null : toTsQuery(query.text);
  if (match !== null) {
    where.push(`c.search @@ to_tsquery('case_search', ${bind(match)})`);
    // Row security keeps `@@` from any index (see migration 13): a rare word finds its few cases through
    // the leakproof term index first, and `@@` checks only those. A common one is left to the sorted scan,
    // which meets a page's rows early.
    const rare = await rarestTerm(db, query.department, match);
    if (rare !== null) {
      const term = rare.prefix ? `starts_with(t.term, ${bind(rare.term)})` : `t.term = ${bind(rare.term)}`;
      where.push(`c.seq IN (SELECT t.case_seq FROM case_terms t WHERE t.department = $1 AND ${term})`);
    }
  }

  const { column: sortColumn, dir, limit, offset } = pageOf(query);
  const column = SORT_SQL[sortColumn];

  const whereSql = where.join(' AND ');
  const filterValues = [...values];
  // seq breaks ties, so paging is stable.
  const order = `${column.expression} ${dir}${column.nullable ? ' NULLS LAST' : ''}, c.seq ${dir}`;
  const page = await db.query<InboxRow>(
    `SELECT ${ROW_COLUMNS} FROM cases c WHERE ${whereSql} ORDER BY ${order} LIMIT ${bind(limit)} OFFSET ${bind(offset)}`,
    values,
  );
  // The count reads the matches, while a page stops after its rows: it is paid only when asked for, and
  // only as far as the cap.
  if (query.withTotal === false) return { total: null, rows: page.rows };
  const cap = countCapOf(query);
  const counted = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${whereSql} LIMIT $${filterValues.length + 1}) m`,
    [...filterValues, cap + 1],
  );
  return { ...cappedTotal(counted.rows[0]?.n ?? 0, cap), rows: page.rows };
}

/** A word found in fewer cases than this leads the search through the term index. */
const RARE_TERM_CASES = 1000;

/**
 * The query's lexeme (as the German configuration stems it; `:*` a prefix) found in the fewest of the
 * department's cases, if fewer than RARE_TERM_CASES: each is counted only up to that many, in the index.
 * Every lexeme of the query must be in a case's vector for `@@` to match (the query joins words with `&`
 * and `<->` only), so the cases holding any one of them include every match.
 */
async function rarestTerm(
  db: SqlSession,
  department: string,
  match: string,
): Promise<{ term: string; prefix: boolean } | null> {
  const { rows } = await db.query<{ term: string; prefix: boolean; cases: number }>(
    `SELECT m.term, m.prefix, (SELECT count(*)::int FROM (
         SELECT 1 FROM case_terms t
          WHERE t.department = $3 AND t.term >= m.term AND t.term <= m.term || CASE WHEN m.prefix THEN chr(1114111) ELSE '' END
            AND CASE WHEN m.prefix THEN starts_with(t.term, m.term) ELSE t.term = m.term END
          LIMIT $2) s) AS cases
       FROM (SELECT r[1] COLLATE "C" AS term, r[2] <> '' AS prefix
               FROM regexp_matches(querytree(to_tsquery('case_search', $1)), '''([^'']*)''(:\\*)?', 'g') AS r) m
      ORDER BY cases LIMIT 1`,
    [match, RARE_TERM_CASES, department],
  );
  const rarest = rows[0];
  return rarest && rarest.cases < RARE_TERM_CASES ? { term: rarest.term, prefix: rarest.prefix } : null;
}
