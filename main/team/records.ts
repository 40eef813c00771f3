/** What both stores share of the team's records: the checks before writing, the shaping of answers (pure). */
import { VaultError } from '../vault/errors';
import type { Absence, OverviewQuery, TeamOverview } from './store';
import { MAX_OVERVIEW_WEEKS, MAX_PRESENCE_IDS } from './store';

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function checkAbsence(absence: Absence): Absence {
  const invalid = (detail: string) => new VaultError('vault-invalid-input', { detail });
  for (const field of ['id', 'department', 'person', 'deputy'] as const) {
    if (typeof absence[field] !== 'string' || absence[field] === '') throw invalid(field);
  }
  for (const field of ['from', 'to'] as const) {
    const day = absence[field];
    if (!CALENDAR_DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw invalid(field);
  }
  if (absence.to < absence.from) throw invalid('to');
  if (absence.deputy === absence.person) throw invalid('deputy');
  return absence;
}

export function checkPresenceIds(caseIds: readonly string[]): void {
  if (caseIds.length > MAX_PRESENCE_IDS) throw new VaultError('vault-invalid-input', { detail: 'caseIds' });
}

export function checkOverviewWeeks(query: OverviewQuery): void {
  const { weeks } = query;
  const ascending = weeks.every(
    (week, i) => i === 0 || Date.parse(week) > Date.parse(weeks[i - 1] as string),
  );
  if (weeks.length > MAX_OVERVIEW_WEEKS || !ascending) {
    throw new VaultError('vault-invalid-input', { detail: 'weeks' });
  }
}

/** The per-week counts in the query's order, from rows of (bucket index or -1, count). */
export function weekBuckets(
  weeks: readonly string[],
  rows: readonly { bucket: number; count: number }[],
): Pick<TeamOverview, 'byWeek' | 'earlier'> {
  const count = (bucket: number) => Number(rows.find((row) => Number(row.bucket) === bucket)?.count ?? 0);
  return {
    byWeek: weeks.map((weekStart, i) => ({ weekStart: new Date(weekStart).toISOString(), count: count(i) })),
    earlier: count(-1),
  };
}
