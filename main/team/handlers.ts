/** Team work's calls: permissions checked here, in main; each change tells the desks which case changed. */
import type { CaseWorkerCheck, SliceHandlers } from '../../shared/api/call';
import type { Principal } from '../../shared/auth/roles';
import type { CaseRow } from '../../shared/cases/types';
import type { teamCalls } from './api';
import type { TeamNotifications } from './notifications';
import type { TeamService } from './team-service';

export interface TeamHandlerOptions {
  team: TeamService;
  notifications: TeamNotifications;
  /** The desk's visibility rule (who may see which case), so team work shows no more than the desk. */
  desk: { visibleCase(principal: Principal, id: string): Promise<CaseRow> };
  caseWorker: CaseWorkerCheck<Principal>;
  casesChanged(ids: string[]): void;
  /** The desktop's notifications (Electron's shell); absent in a browser, which shows its own. */
  showNotification?: (title: string, body: string) => void;
}

export function teamHandlers({
  team,
  notifications,
  desk,
  caseWorker,
  casesChanged,
  showNotification,
}: TeamHandlerOptions): SliceHandlers<typeof teamCalls> {
  const visible = async (id: string, action: 'case.read' | 'case.process' = 'case.read') => {
    const principal = caseWorker(action);
    return { principal, row: await desk.visibleCase(principal, id) };
  };
  return {
    'team.caseTeam': async ({ id }) => {
      const { principal, row } = await visible(id);
      return team.caseTeam(principal, row);
    },
    'team.follow': async ({ id, follow }) => {
      const { principal, row } = await visible(id);
      await team.follow(principal, row, follow);
      return team.caseTeam(principal, row);
    },
    'team.working': async ({ id, active }) => {
      const { principal, row } = await visible(id);
      if (await team.working(principal, row, active)) casesChanged([id]);
    },
    'team.presence': ({ ids }) => team.presence(caseWorker('case.read'), ids),
    'team.hand': async (input) => {
      const { principal } = await visible(input.id, 'case.process');
      const row = await team.hand(principal, input);
      casesChanged([row.id]);
      return row;
    },
    'team.absences': () => team.absences(caseWorker('case.read')),
    'team.covers': () => team.covers(caseWorker('case.read')),
    'team.saveAbsence': async (input) => {
      const absence = await team.saveAbsence(caseWorker('case.read'), input);
      casesChanged([]);
      return absence;
    },
    'team.removeAbsence': async ({ id }) => {
      await team.removeAbsence(caseWorker('case.read'), id);
      casesChanged([]);
    },
    'team.overview': () => team.overview(caseWorker('case.read')),
    'notifications.settings': () => notifications.settings(caseWorker('case.read')),
    'notifications.saveSettings': (settings) => notifications.saveSettings(caseWorker('case.read'), settings),
    'notifications.pending': () => notifications.pending(caseWorker('case.read')),
    'notifications.show': ({ title, body }) => {
      caseWorker('case.read');
      if (!showNotification) return false;
      showNotification(title, body);
      return true;
    },
  };
}
