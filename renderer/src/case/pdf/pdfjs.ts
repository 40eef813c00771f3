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
  PDFWorker,
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

let worker: PDFWorker | undefined;

/**
 * One pdf.js worker for the session. Booting one (loading and compiling its megabyte of code) was most of
 * the second a PDF took to show, and every PDF paid it again: each document started and ended its own.
 */
function sharedWorker(): PDFWorker {
  worker ??= new PDFWorker();
  return worker;
}

/** Starts the worker while the person reads the case, so the first PDF shown does not wait for it. */
export function preparePdf(): void {
  sharedWorker();
}

export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  // A copy: pdf.js hands the buffer to its worker, and the caller keeps its bytes for saving. Destroying the
  // task ends the document, not the shared worker.
  const task = getDocument({ data: bytes.slice(), enableXfa: false, useWasm: false, worker: sharedWorker() });
  return { doc: await task.promise, close: () => task.destroy() };
}
