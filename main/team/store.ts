/**
 * The team's records, beside the cases: who follows a case ("Beobachten"), who is working on it right now
 * (a presence that expires), absences with their deputy ("Vertretung"), and the team overview's numbers.
 * Both stores implement it (team/vault-records.ts, postgres/team.ts) and pass the contract in
 * test/contract/store/team.ts. Every method names the department: the vault serves every department of the
 * workstation, the PostgreSQL store one, and refuses another.
 */

/** An absence: `person` is away from `from` to `to` (the authority's calendar days, inclusive). */
export interface Absence {
  id: string;
  department: string;
  person: string;
  deputy: string;
  /** `YYYY-MM-DD` in the authority's time zone (shared/cases/authority-time.ts). */
  from: string;
  to: string;
}

export interface Presence {
  caseId: string;
  person: string;
}

/** What the overview counts against: instants computed by the caller in the authority's time zone. */
export interface OverviewQuery {
  department: string;
  now: string;
  /** The end of the current week (exclusive): "due this week" is a deadline in [now, weekEnd). */
  weekEnd: string;
  /** Week starts, ascending: open cases are counted by the week they arrived in (earlier ones apart). */
  weeks: readonly string[];
}

/** Counts of open cases (not rejected, no Bescheid sent). No times per person, no ranking. */
export interface TeamOverview {
  byService: { identifier: string; name: string; count: number }[];
  /** One entry per week of the query, in its order; `earlier` holds cases that arrived before the first. */
  byWeek: { weekStart: string; count: number }[];
  earlier: number;
  overdue: number;
  dueThisWeek: number;
  waitingForCitizen: number;
  unassigned: number;
  /** Per responsible person, only the number of their open cases. */
  byPerson: { person: string; count: number }[];
}

export interface TeamStore {
  /** Makes `person` follow the case; following twice is following once. */
  follow(department: string, caseId: string, person: string): Promise<void>;
  unfollow(department: string, caseId: string, person: string): Promise<void>;
  /** The case's followers, sorted. */
  followers(department: string, caseId: string): Promise<string[]>;
  /** The cases `person` follows. */
  followed(department: string, person: string): Promise<string[]>;
  /** `person` is working on the case until `until` (a later call extends it). Answers whether it is new. */
  markWorking(
    department: string,
    caseId: string,
    person: string,
    now: string,
    until: string,
  ): Promise<boolean>;
  /** Ends `person`'s presence on the case. */
  stopWorking(department: string, caseId: string, person: string): Promise<void>;
  /** Who is working on which of these cases at `now` (expired presences are not answered). */
  working(department: string, caseIds: readonly string[], now: string): Promise<Presence[]>;
  /** Stores the absence (a new one, or the one with its id, replaced). */
  saveAbsence(absence: Absence): Promise<void>;
  removeAbsence(department: string, id: string): Promise<void>;
  /** The department's absences, by start. */
  absences(department: string): Promise<Absence[]>;
  overview(query: OverviewQuery): Promise<TeamOverview>;
}

/** The longest list of cases `working` answers for at once (one inbox page). */
export const MAX_PRESENCE_IDS = 500;
/** The most weeks the overview counts one by one. */
export const MAX_OVERVIEW_WEEKS = 26;
