import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';

/**
 * Prints a PDF's real pages: on the desktop through main's system print dialog, in the browser through
 * the browser's. pdf.js and the print view load only when something is printed.
 */
export function usePrintPdf(): (bytes: Uint8Array, name: string) => Promise<void> {
  const api = useApi();
  const { t } = useTranslation();
  // A print view left over (the dialog gave no "afterprint") goes with the screen that made it.
  useEffect(() => () => void import('./print-pdf').then(({ endPrint }) => endPrint()), []);
  return useCallback(
    async (bytes, name) => {
      const { printPdf } = await import('./print-pdf');
      await printPdf(
        bytes,
        { region: t('print.region', { name }), page: (page, pages) => t('print.page', { page, pages }) },
        api.transport === 'ipc' ? () => api.call('print.page', {}) : null,
      );
    },
    [api, t],
  );
}
