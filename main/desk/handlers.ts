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
  /** "Erneut prüfen": fetches and verifies the case's open submissions anew (the subscriber's). */
  verifyAgain(department: string, caseId: string): Promise<void>;
}

/** The Antragsübersicht (`cases.summaryPdf`) is rendered by the print wiring, beside the other PDFs. */
export function deskHandlers({
  desk,
  caseWorker,
  casesChanged,
  verifyAgain,
}: DeskHandlerOptions): Omit<SliceHandlers<typeof deskCalls>, 'cases.summaryPdf'> {
  return {
    'cases.list': (input) => desk.list(caseWorker('case.read'), input),
    'cases.services': () => desk.services(caseWorker('case.read')),
    'cases.colleagues': () => desk.colleagues(caseWorker('case.read')),
    'cases.get': ({ id }) => desk.get(caseWorker('case.read'), id),
    'cases.transition': async (input) => {
      const principal = caseWorker('case.process');
      const row =
        input.action === 'verify'
          ? await desk.verifyAgain(principal, input, (item) => verifyAgain(item.department, item.id))
          : await desk.transition(principal, input);
      casesChanged([row.id]);
      return row;
    },
    'cases.bulkTransition': async ({ ids, action }) => {
      const result = await desk.bulkTransition(caseWorker('case.process'), ids, action);
      casesChanged(result.results.filter((r) => r.ok).map((r) => r.id));
      return result;
    },
    'cases.addNote': async ({ id, text }) => {
      const note = await desk.addNote(caseWorker('case.process'), id, text);
      // A colleague with the case open on the department service sees the note come in.
      casesChanged([id]);
      return note;
    },
    'cases.attachment': ({ caseId, attachmentId }) =>
      desk.attachment(caseWorker('case.read'), caseId, attachmentId),
    'filters.list': () => desk.savedFilters(caseWorker('case.read')),
    'filters.save': ({ name, query }) => desk.saveFilter(caseWorker('case.read'), name, query),
    'filters.delete': ({ id }) => desk.deleteFilter(caseWorker('case.read'), id),
  };
}
