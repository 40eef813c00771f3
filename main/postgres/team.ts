/** The team's records on PostgreSQL: the vault's TeamRepository (team/vault-records.ts) within one department. */
import { settledCaseStatuses } from '../../shared/cases/types';
import { checkAbsence, checkOverviewWeeks, checkPresenceIds, weekBuckets } from '../team/records';
import type { Absence, Presence, TeamOverview, TeamStore } from '../team/store';
import { VaultError } from '../vault/errors';
import { isoTime } from '../vault/sql';
import { sameDepartment } from './cases';
import type { DepartmentTransaction } from './sql';

const ABSENCE_COLUMNS = `id, department, person, deputy, to_char(from_date, 'YYYY-MM-DD') AS "from",
  to_char(to_date, 'YYYY-MM-DD') AS "to"`;

export function postgresTeam(tx: DepartmentTransaction): TeamStore {
  const { db } = tx;
  const caseOf = async (department: string, caseId: string) => {
    sameDepartment(tx, department);
    const found = await db.query('SELECT 1 FROM cases WHERE id = $1', [caseId]);
    if (found.rowCount === 0) throw new VaultError('case-not-found', { caseId });
  };
  return {
    async follow(department, caseId, person) {
      await caseOf(department, caseId);
      await db.query(
        'INSERT INTO case_followers (case_id, person, department) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [caseId, person, department],
      );
    },
    async unfollow(department, caseId, person) {
      sameDepartment(tx, department);
      await db.query('DELETE FROM case_followers WHERE case_id = $1 AND person = $2', [caseId, person]);
    },
    async followers(department, caseId) {
      sameDepartment(tx, department);
      const { rows } = await db.query<{ person: string }>(
        'SELECT person FROM case_followers WHERE case_id = $1 ORDER BY person COLLATE "C"',
        [caseId],
      );
      return rows.map((row) => row.person);
    },
    async followed(department, person) {
      sameDepartment(tx, department);
      const { rows } = await db.query<{ caseId: string }>(
        'SELECT case_id AS "caseId" FROM case_followers WHERE person = $1 ORDER BY case_id COLLATE "C"',
        [person],
      );
      return rows.map((row) => row.caseId);
    },
    async markWorking(department, caseId, person, now, until) {
      await caseOf(department, caseId);
      const { rows } = await db.query<{ fresh: boolean }>(
        `WITH before AS (SELECT until > $4 AS present FROM case_presence WHERE case_id = $1 AND person = $2)
         INSERT INTO case_presence (case_id, person, department, until) VALUES ($1, $2, $3, $5)
         ON CONFLICT (case_id, person) DO UPDATE SET until = excluded.until
         RETURNING NOT coalesce((SELECT present FROM before), false) AS fresh`,
        [caseId, person, department, isoTime(now, 'now'), isoTime(until, 'until')],
      );
      return rows[0]?.fresh === true;
    },
    async stopWorking(department, caseId, person) {
      sameDepartment(tx, department);
      await db.query('DELETE FROM case_presence WHERE case_id = $1 AND person = $2', [caseId, person]);
    },
    async working(department, caseIds, now) {
      sameDepartment(tx, department);
      checkPresenceIds(caseIds);
      const { rows } = await db.query<Presence>(
        `SELECT case_id AS "caseId", person FROM case_presence
         WHERE until > $1 AND case_id = ANY($2::text[]) ORDER BY case_id COLLATE "C", person COLLATE "C"`,
        [isoTime(now, 'now'), [...caseIds]],
      );
      return rows;
    },
    async saveAbsence(absence) {
      const { id, department, person, deputy, from, to } = checkAbsence(absence);
      sameDepartment(tx, department);
      await db.query(
        `INSERT INTO absences (id, department, person, deputy, from_date, to_date) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET person = excluded.person, deputy = excluded.deputy,
           from_date = excluded.from_date, to_date = excluded.to_date`,
        [id, department, person, deputy, from, to],
      );
    },
    async removeAbsence(department, id) {
      sameDepartment(tx, department);
      await db.query('DELETE FROM absences WHERE id = $1', [id]);
    },
    async absences(department) {
      sameDepartment(tx, department);
      const { rows } = await db.query<Absence>(
        `SELECT ${ABSENCE_COLUMNS} FROM absences ORDER BY from_date, person COLLATE "C", id COLLATE "C"`,
      );
      return rows;
    },
    async overview(query) {
      sameDepartment(tx, query.department);
      checkOverviewWeeks(query);
      const values: unknown[] = [
        [...settledCaseStatuses],
        isoTime(query.now, 'now'),
        isoTime(query.weekEnd, 'weekEnd'),
      ];
      const open = 'NOT c.status = ANY($1::text[])';
      const byService = await db.query<TeamOverview['byService'][number]>(
        `SELECT c.service_identifier AS identifier, min(c.service_name) AS name, count(*)::int AS count
         FROM cases c WHERE ${open} GROUP BY c.service_identifier ORDER BY min(c.service_name) COLLATE "C", c.service_identifier COLLATE "C"`,
        values.slice(0, 1),
      );
      const weeks = query.weeks.map((week) => isoTime(week, 'weeks'));
      const bucket =
        weeks.length === 0
          ? '-1'
          : `CASE ${weeks
              .map((_, i) => `WHEN c.received_at >= $${i + 2}::timestamptz THEN ${i}`)
              .reverse()
              .join(' ')} ELSE -1 END`;
      const weekRows = await db.query<{ bucket: number; count: number }>(
        `SELECT ${bucket} AS bucket, count(*)::int AS count FROM cases c WHERE ${open} GROUP BY 1`,
        [values[0], ...weeks],
      );
      const counts = await db.query<
        Pick<TeamOverview, 'overdue' | 'dueThisWeek' | 'waitingForCitizen' | 'unassigned'>
      >(
        `SELECT
           count(*) FILTER (WHERE c.deadline_at < $2)::int AS overdue,
           count(*) FILTER (WHERE c.deadline_at >= $2 AND c.deadline_at < $3)::int AS "dueThisWeek",
           count(*) FILTER (WHERE c.status = 'inquiry')::int AS "waitingForCitizen",
           count(*) FILTER (WHERE c.assignee IS NULL)::int AS unassigned
         FROM cases c WHERE ${open}`,
        values,
      );
      const byPerson = await db.query<TeamOverview['byPerson'][number]>(
        `SELECT c.assignee AS person, count(*)::int AS count FROM cases c
         WHERE ${open} AND c.assignee IS NOT NULL GROUP BY c.assignee ORDER BY c.assignee COLLATE "C"`,
        values.slice(0, 1),
      );
      return {
        byService: byService.rows,
        ...weekBuckets(query.weeks, weekRows.rows),
        ...(counts.rows[0] as Pick<
          TeamOverview,
          'overdue' | 'dueThisWeek' | 'waitingForCitizen' | 'unassigned'
        >),
        byPerson: byPerson.rows,
      };
    },
  };
}
