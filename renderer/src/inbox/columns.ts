import type { CaseSortColumn } from '../../../shared/cases/types';

/** The inbox's columns in order; `sort` names the `cases.list` sort column (main sorts every column). */
export const inboxColumns = [
  { id: 'receivedAt', sort: 'receivedAt' },
  { id: 'serviceName', sort: 'serviceName' },
  { id: 'applicantName', sort: 'applicantName' },
  { id: 'fileReference', sort: 'fileReference' },
  { id: 'status', sort: 'status' },
  { id: 'deadlineAt', sort: 'deadlineAt' },
  { id: 'assignee', sort: 'assignee' },
  { id: 'verification', sort: 'verification' },
] as const satisfies readonly { id: string; sort: CaseSortColumn }[];

export type InboxColumnId = (typeof inboxColumns)[number]['id'];
