/** The desk's calls: the inbox, the case view, the workflow's steps, notes and saved filters. */
import type { CaseWorkerCheck, SliceHandlers } from '../../shared/api/call';
import type { Principal } from '../../shared/auth/roles';
import type { deskCalls } from './api';
import type { DeskService } from './desk-service';

export interface DeskHandlerOptions {
  desk: DeskService;
  caseWorker: CaseWorkerCheck<Principal>;
  /** Tells the renderer which cases changed (none named: reload what is shown). */
  casesChanged(ids: string[]): void;
}

/** The Antragsübersicht (`cases.summaryPdf`) is rendered by the print wiring, beside the other PDFs. */
export function deskHandlers({
  desk,
  caseWorker,
  casesChanged,
}: DeskHandlerOptions): Omit<SliceHandlers<typeof deskCalls>, 'cases.summaryPdf'> {
  return {
    'cases.list': (input) => desk.list(caseWorker('case.read'), input),
    'cases.services': () => desk.services(caseWorker('case.read')),
    'cases.colleagues': () => desk.colleagues(caseWorker('case.read')),
    'cases.get': ({ id }) => desk.get(caseWorker('case.read'), id),
    'cases.transition': (input) => {
      const row = desk.transition(caseWorker('case.process'), input);
      casesChanged([row.id]);
      return row;
    },
    'cases.bulkTransition': ({ ids, action }) => {
      const result = desk.bulkTransition(caseWorker('case.process'), ids, action);
      casesChanged(result.results.filter((r) => r.ok).map((r) => r.id));
      return result;
    },
    'cases.addNote': ({ id, text }) => desk.addNote(caseWorker('case.process'), id, text),
    'cases.attachment': ({ caseId, attachmentId }) =>
      desk.attachment(caseWorker('case.read'), caseId, attachmentId),
    'filters.list': () => desk.savedFilters(caseWorker('case.read')),
    'filters.save': ({ name, query }) => desk.saveFilter(caseWorker('case.read'), name, query),
    'filters.delete': ({ id }) => desk.deleteFilter(caseWorker('case.read'), id),
  };
}
