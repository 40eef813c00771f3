/**
 * Printing: the Antragsübersicht of a case as PDF (to show, print or save), and, on the desktop, the
 * system print dialog for the window's print view. Browser mode prints with the browser's own dialog.
 */

import { ApiError } from '../../shared/api/result';
import type { Principal } from '../../shared/auth/roles';
import { sanitizeFileName } from '../../shared/files/file-names';
import type { Handlers } from '../api/dispatch';
import type { DeskService } from '../desk/desk-service';
import type { Letterhead, SummarySource } from './application-summary';

export interface PrintDependencies {
  desk: Pick<DeskService, 'get'>;
  /** The signed-in person, checked for the permission. */
  caseWorker(action: 'case.read'): Principal;
  /** The signed-in person's department as its profile names it (the summary's letterhead). */
  letterhead(principal: Principal): Letterhead;
  /** The Antragsübersicht renderer (application-summary.ts), shared with the archive. */
  summaryPdf(source: SummarySource, letterhead: Letterhead): Promise<Uint8Array>;
  /** The desktop shell's print dialog; absent in browser mode. */
  printPage?: () => Promise<void>;
}

export type PrintHandlers = Pick<Handlers, 'cases.summaryPdf' | 'print.page'>;

export function printHandlers(deps: PrintDependencies): PrintHandlers {
  return {
    'cases.summaryPdf': async ({ id }) => {
      const principal = deps.caseWorker('case.read');
      // The same permission and visibility checks as opening the case.
      const view = deps.desk.get(principal, id);
      const pdf = await deps.summaryPdf(view, deps.letterhead(principal));
      const reference = view.case.fileReference ?? view.case.id;
      return {
        filename: sanitizeFileName(`Antragsuebersicht-${reference}.pdf`, {
          fallback: 'Antragsuebersicht.pdf',
        }),
        mimeType: 'application/pdf',
        base64: Buffer.from(pdf).toString('base64'),
      };
    },
    'print.page': async () => {
      deps.caseWorker('case.read');
      if (!deps.printPage) {
        throw new ApiError(
          'refused',
          'The system print dialog exists in the desktop app only; in browser mode, print with the browser.',
          undefined,
          'desktop-only',
        );
      }
      await deps.printPage();
    },
  };
}
