/**
 * Team work in the desk: following a case, who is working on it right now, handing a case to a colleague
 * with a note, cover for an absent colleague, the team lead's overview, and which notifications are due for
 * a person. Every call is scoped to the person's department and checked here, in main; the audit records who
 * gave a case to whom (ids only), the note stays with the case.
 */
import { randomUUID } from 'node:crypto';
import { can, type Principal } from '../../shared/auth/roles';
import { authorityCalendarDate } from '../../shared/cases/authority-time';
import type { CaseRow } from '../../shared/cases/types';
import { coveredBy, handRefusal, overviewWeeks } from '../../shared/team/team';
import type { AuditStore } from '../audit/log';
import { requirePermission } from '../auth/permission';
import type { Transactional } from '../vault/async';
import type { CaseStore, NoteStore, PreferencesStore } from '../vault/store-types';
import type { CaseTeam } from './api';
import { TeamError } from './errors';
import type { Absence, Presence, TeamOverview, TeamStore } from './store';

interface TeamRecords {
  cases: CaseStore;
  notes: NoteStore;
  audit: AuditStore;
  team: TeamStore;
  preferences: PreferencesStore;
}

export type TeamServiceStore = TeamRecords & Transactional<TeamRecords>;

/** How long "is working on it" lasts without a renewal; an open case view renews it well before. */
export const PRESENCE_MS = 2 * 60 * 1000;
/** The weeks the overview counts one by one (older open cases are counted together). */
export const OVERVIEW_WEEKS = 8;

export interface HandRequest {
  id: string;
  to: string;
  expectedVersion: number;
  note?: string;
}

export class TeamService {
  constructor(private readonly deps: { store: TeamServiceStore; now(): Date }) {}

  /** The absent colleagues this person covers for today. */
  async covers(principal: Principal, team: TeamStore = this.deps.store.team): Promise<string[]> {
    const absences = await team.absences(principal.department);
    return coveredBy(absences, principal.userId, authorityCalendarDate(this.deps.now()));
  }

  /** Whether a case worker (not a team lead) may see a case beyond the unassigned ones and their own. */
  async seesThrough(
    principal: Principal,
    row: CaseRow,
    team: TeamStore = this.deps.store.team,
  ): Promise<boolean> {
    if (row.assignee !== null && (await this.covers(principal, team)).includes(row.assignee)) return true;
    const followers = await team.followers(principal.department, row.id);
    return followers.includes(principal.userId);
  }

  async caseTeam(principal: Principal, row: CaseRow): Promise<CaseTeam> {
    const { team } = this.deps.store;
    const followers = await team.followers(principal.department, row.id);
    const working = await team.working(principal.department, [row.id], this.deps.now().toISOString());
    return {
      responsible: row.assignee,
      followers,
      following: followers.includes(principal.userId),
      working: working.map((p) => p.person).filter((person) => person !== principal.userId),
    };
  }

  async follow(principal: Principal, row: CaseRow, follow: boolean): Promise<void> {
    const { team } = this.deps.store;
    if (follow) await team.follow(principal.department, row.id, principal.userId);
    else await team.unfollow(principal.department, row.id, principal.userId);
  }

  /** Marks (or ends) this person's presence on the case; answers whether others should be told. */
  async working(principal: Principal, row: CaseRow, active: boolean): Promise<boolean> {
    const { team } = this.deps.store;
    if (!active) {
      await team.stopWorking(principal.department, row.id, principal.userId);
      return true;
    }
    const now = this.deps.now();
    const until = new Date(now.getTime() + PRESENCE_MS).toISOString();
    return team.markWorking(principal.department, row.id, principal.userId, now.toISOString(), until);
  }

  presence(principal: Principal, ids: readonly string[]): Promise<Presence[]> {
    return this.deps.store.team.working(principal.department, ids, this.deps.now().toISOString());
  }

  /**
   * Gives the case to a colleague (the responsible person, the team lead) or takes it over (a deputy), with
   * an optional note; the new responsible person follows it. One transaction: the case, the note, the audit.
   */
  hand(principal: Principal, request: HandRequest): Promise<CaseRow> {
    const { store } = this.deps;
    return store.transaction(async (tx) => {
      const current = await tx.cases.row(request.id);
      if (current.department !== principal.department) {
        throw new TeamError('case-not-found', `Case ${request.id} does not exist.`);
      }
      const actor = {
        userId: principal.userId,
        isTeamLead: isTeamLead(principal),
        covers: await this.covers(principal, tx.team),
      };
      const refusal = handRefusal(current, actor, request.to);
      if (refusal !== null) {
        throw new TeamError('transition-refused', `The case cannot be given to that person (${refusal}).`, {
          reason: refusal,
        });
      }
      const updated = await tx.cases.update(request.id, request.expectedVersion, { assignee: request.to });
      await tx.team.follow(principal.department, request.id, request.to);
      const note = request.note?.trim();
      if (note) await tx.notes.addNote(request.id, principal.userId, note);
      await tx.audit.append({
        actor: principal.userId,
        department: principal.department,
        caseId: request.id,
        action: request.to === principal.userId ? 'case.takeOver' : 'case.handTo',
        outcome: 'success',
        details: { from: current.assignee, assignee: request.to, withNote: Boolean(note) },
      });
      return updated;
    });
  }

  absences(principal: Principal): Promise<Absence[]> {
    return this.deps.store.team.absences(principal.department);
  }

  /** A person names a deputy for their own absence; the team lead for anyone's. */
  async saveAbsence(
    principal: Principal,
    input: { id?: string; person?: string; deputy: string; from: string; to: string },
  ): Promise<Absence> {
    const person = input.person ?? principal.userId;
    if (person !== principal.userId) requirePermission(principal, 'case.reassign');
    const absence: Absence = {
      id: input.id ?? randomUUID(),
      department: principal.department,
      person,
      deputy: input.deputy,
      from: input.from,
      to: input.to,
    };
    if (input.id !== undefined) await this.ownAbsence(principal, input.id);
    await this.deps.store.team.saveAbsence(absence);
    return absence;
  }

  async removeAbsence(principal: Principal, id: string): Promise<void> {
    await this.ownAbsence(principal, id);
    await this.deps.store.team.removeAbsence(principal.department, id);
  }

  /** The team lead's overview: counts of open cases, per person only their number. */
  overview(principal: Principal): Promise<TeamOverview> {
    requirePermission(principal, 'case.readAll');
    const now = this.deps.now();
    const { weeks, weekEnd } = overviewWeeks(now, OVERVIEW_WEEKS);
    return this.deps.store.team.overview({
      department: principal.department,
      now: now.toISOString(),
      weekEnd,
      weeks,
    });
  }

  private async ownAbsence(principal: Principal, id: string): Promise<void> {
    const absence = (await this.absences(principal)).find((a) => a.id === id);
    if (!absence) throw new TeamError('absence-not-found', `Absence ${id} does not exist.`);
    if (absence.person !== principal.userId) requirePermission(principal, 'case.reassign');
  }
}

function isTeamLead(principal: Principal): boolean {
  return can(principal, 'case.readAll');
}
