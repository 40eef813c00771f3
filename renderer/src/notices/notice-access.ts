import type { Principal } from '../../../main/api/contract';
import { can } from '../../../shared/auth/roles';
import type { CaseRow } from '../../../shared/cases/types';
import { planTransition } from '../../../shared/cases/workflow';

/**
 * Whether this person may compose, seal and send notices on the case now. Main decides (sending moves the
 * case by the workflow's "send notice" step and refuses otherwise); the panel asks the same pure rule, so it
 * offers only what main would accept. Once the Bescheid went out, a correction is sealed as a new version.
 */
export function mayIssueNotices(
  row: Pick<CaseRow, 'status' | 'assignee'>,
  principal: Principal | null,
): boolean {
  if (principal === null || !can(principal, 'case.process')) return false;
  const actor = { userId: principal.userId, isTeamLead: can(principal, 'case.readAll') };
  if (row.status === 'notice_sent') return actor.isTeamLead || row.assignee === actor.userId;
  return planTransition({ status: row.status, assignee: row.assignee }, 'sendNotice', actor).ok;
}
