import type { CaseSortColumn } from '../../../main/vault/types';

/** The inbox's columns in order; `sort` names the `cases.list` sort column where the server can sort. */
export const inboxColumns = [
  { id: 'receivedAt', sort: 'receivedAt' },
  { id: 'serviceName', sort: 'serviceName' },
  { id: 'applicantName', sort: 'applicantName' },
  { id: 'fileReference', sort: 'fileReference' },
  { id: 'status', sort: 'status' },
  { id: 'deadlineAt', sort: 'deadlineAt' },
  { id: 'assignee', sort: null },
  { id: 'verification', sort: null },
] as const satisfies readonly { id: string; sort: CaseSortColumn | null }[];

export type InboxColumnId = (typeof inboxColumns)[number]['id'];
