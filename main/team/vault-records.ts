/** The team's records in the SQLCipher vault (vault migration 10): followers, presence, absences, the team overview. */
import { settledCaseStatuses } from '../../shared/cases/types';
import { VaultError } from '../vault/errors';
import { isoTime, prepared, type SqliteDatabase } from '../vault/sql';
import { checkAbsence, checkOverviewWeeks, checkPresenceIds, weekBuckets } from './records';
import type { Absence, OverviewQuery, Presence, TeamOverview } from './store';

const OPEN = `c.department = @department AND c.status NOT IN (${settledCaseStatuses.map((s) => `'${s}'`).join(', ')})`;
const ABSENCE_COLUMNS = 'id, department, person, deputy, from_date AS "from", to_date AS "to"';

export class TeamRepository {
  constructor(private readonly db: SqliteDatabase) {}

  follow(department: string, caseId: string, person: string): void {
    this.caseOf(department, caseId);
    prepared(
      this.db,
      'INSERT INTO case_followers (case_id, person, department) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(caseId, person, department);
  }

  unfollow(department: string, caseId: string, person: string): void {
    prepared(this.db, 'DELETE FROM case_followers WHERE case_id = ? AND person = ? AND department = ?').run(
      caseId,
      person,
      department,
    );
  }

  followers(department: string, caseId: string): string[] {
    const rows = prepared(
      this.db,
      'SELECT person FROM case_followers WHERE case_id = ? AND department = ? ORDER BY person',
    ).all(caseId, department) as { person: string }[];
    return rows.map((row) => row.person);
  }

  followed(department: string, person: string): string[] {
    const rows = prepared(
      this.db,
      'SELECT case_id AS caseId FROM case_followers WHERE department = ? AND person = ? ORDER BY case_id',
    ).all(department, person) as { caseId: string }[];
    return rows.map((row) => row.caseId);
  }

  markWorking(department: string, caseId: string, person: string, now: string, until: string): boolean {
    this.caseOf(department, caseId);
    const at = isoTime(now, 'now');
    const present = prepared(
      this.db,
      'SELECT 1 FROM case_presence WHERE case_id = ? AND person = ? AND until > ?',
    ).get(caseId, person, at);
    prepared(
      this.db,
      `INSERT INTO case_presence (case_id, person, department, until) VALUES (?, ?, ?, ?)
       ON CONFLICT (case_id, person) DO UPDATE SET until = excluded.until`,
    ).run(caseId, person, department, isoTime(until, 'until'));
    return present === undefined;
  }

  stopWorking(department: string, caseId: string, person: string): void {
    prepared(this.db, 'DELETE FROM case_presence WHERE case_id = ? AND person = ? AND department = ?').run(
      caseId,
      person,
      department,
    );
  }

  working(department: string, caseIds: readonly string[], now: string): Presence[] {
    checkPresenceIds(caseIds);
    return prepared(
      this.db,
      `SELECT case_id AS caseId, person FROM case_presence
       WHERE department = ? AND until > ? AND case_id IN (SELECT value FROM json_each(?))
       ORDER BY case_id, person`,
    ).all(department, isoTime(now, 'now'), JSON.stringify(caseIds)) as Presence[];
  }

  saveAbsence(absence: Absence): void {
    const { id, department, person, deputy, from, to } = checkAbsence(absence);
    prepared(
      this.db,
      `INSERT INTO absences (id, department, person, deputy, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET person = excluded.person, deputy = excluded.deputy,
         from_date = excluded.from_date, to_date = excluded.to_date
       WHERE absences.department = excluded.department`,
    ).run(id, department, person, deputy, from, to);
  }

  removeAbsence(department: string, id: string): void {
    prepared(this.db, 'DELETE FROM absences WHERE id = ? AND department = ?').run(id, department);
  }

  absences(department: string): Absence[] {
    return prepared(
      this.db,
      `SELECT ${ABSENCE_COLUMNS} FROM absences WHERE department = ? ORDER BY from_date, person, id`,
    ).all(department) as Absence[];
  }

  overview(query: OverviewQuery): TeamOverview {
    checkOverviewWeeks(query);
    const params: Record<string, string> = {
      department: query.department,
      now: isoTime(query.now, 'now'),
      weekEnd: isoTime(query.weekEnd, 'weekEnd'),
    };
    query.weeks.forEach((week, i) => {
      params[`w${i}`] = isoTime(week, 'weeks');
    });
    const byService = prepared(
      this.db,
      `SELECT c.service_identifier AS identifier, min(c.service_name) AS name, count(*) AS count
       FROM cases c WHERE ${OPEN} GROUP BY c.service_identifier ORDER BY name, identifier`,
    ).all(params) as TeamOverview['byService'];
    const bucket =
      query.weeks.length === 0
        ? '-1'
        : `CASE ${query.weeks
            .map((_, i) => `WHEN c.received_at >= @w${i} THEN ${i}`)
            .reverse()
            .join(' ')} ELSE -1 END`;
    const weekRows = prepared(
      this.db,
      `SELECT ${bucket} AS bucket, count(*) AS count FROM cases c WHERE ${OPEN} GROUP BY bucket`,
    ).all(params) as { bucket: number; count: number }[];
    const counts = prepared(
      this.db,
      `SELECT
         coalesce(sum(c.deadline_at < @now), 0) AS overdue,
         coalesce(sum(c.deadline_at >= @now AND c.deadline_at < @weekEnd), 0) AS dueThisWeek,
         coalesce(sum(c.status = 'inquiry'), 0) AS waitingForCitizen,
         coalesce(sum(c.assignee IS NULL), 0) AS unassigned
       FROM cases c WHERE ${OPEN}`,
    ).get(params) as Pick<TeamOverview, 'overdue' | 'dueThisWeek' | 'waitingForCitizen' | 'unassigned'>;
    const byPerson = prepared(
      this.db,
      `SELECT c.assignee AS person, count(*) AS count FROM cases c
       WHERE ${OPEN} AND c.assignee IS NOT NULL GROUP BY c.assignee ORDER BY c.assignee`,
    ).all(params) as TeamOverview['byPerson'];
    return {
      byService,
      ...weekBuckets(query.weeks, weekRows),
      ...counts,
      byPerson,
    };
  }

  private caseOf(department: string, caseId: string): void {
    const row = prepared(this.db, 'SELECT 1 FROM cases WHERE id = ? AND department = ?').get(
      caseId,
      department,
    );
    if (row === undefined) throw new VaultError('case-not-found', { caseId });
  }
}
