/**
 * pdf.js, loaded only when a PDF is opened (a separate chunk). Hardened: no XFA, no WebAssembly (the
 * CSP does not allow it), the worker served from the app's own origin. pdf.js 6 no longer has
 * `isEvalSupported`: it never evaluates code. It runs no document JavaScript either; that would need
 * its viewer's scripting sandbox, which is not used here.
 */
import {
  GlobalWorkerOptions,
  getDocument,
  type PDFDocumentProxy,
  PixelsPerInch,
  TextLayer,
} from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export type { PDFDocumentProxy };
export { PixelsPerInch, TextLayer };

export interface OpenedPdf {
  doc: PDFDocumentProxy;
  close(): Promise<void>;
}

export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  // A copy: pdf.js hands the buffer to its worker, and the caller keeps its bytes for saving.
  const task = getDocument({ data: bytes.slice(), enableXfa: false, useWasm: false });
  return { doc: await task.promise, close: () => task.destroy() };
}
