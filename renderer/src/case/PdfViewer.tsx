/**
 * Shows a PDF attachment page by page on a canvas, with page navigation and zoom. The canvas has an
 * accessible name; pdf.js's text layer lies over it, so the text can be selected, searched and read
 * by screen readers.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionButton } from '../ui/ActionButton';
import { ErrorAlert } from '../ui/ErrorAlert';
import type { OpenedPdf, PDFDocumentProxy } from './pdf/pdfjs';

const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
/** Room the scroll area's padding takes from the page width. */
const SCROLL_PADDING = 24;

export function PdfViewer({ bytes, filename }: { bytes: Uint8Array; filename: string }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  const [pageNumber, setPageNumber] = useState(1);
  /** null: fit the page to the available width (the start); else a factor of the page's real size. */
  const [zoom, setZoom] = useState<number | null>(null);
  const [shownZoom, setShownZoom] = useState(1);
  const [rendered, setRendered] = useState(false);
  const scrollRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const pageRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let opened: OpenedPdf | null = null;
    setDoc(null);
    setFailed(false);
    setPageNumber(1);
    import('./pdf/pdfjs')
      .then(({ openPdf }) => openPdf(bytes))
      .then(
        (loaded) => {
          opened = loaded;
          if (cancelled) void loaded.close();
          else setDoc(loaded.doc);
        },
        () => !cancelled && setFailed(true),
      );
    return () => {
      cancelled = true;
      void opened?.close();
    };
  }, [bytes]);

  useEffect(() => {
    if (!doc) return;
    let cancelled = false;
    let cancelRender = () => {};
    setRendered(false);
    void (async () => {
      const { PixelsPerInch, TextLayer } = await import('./pdf/pdfjs');
      const page = await doc.getPage(pageNumber);
      const canvas = canvasRef.current;
      const text = textRef.current;
      const box = pageRef.current;
      if (cancelled || !canvas || !text || !box) return;
      const natural = page.getViewport({ scale: PixelsPerInch.PDF_TO_CSS_UNITS });
      const available = (scrollRef.current?.clientWidth ?? natural.width) - SCROLL_PADDING;
      const factor = zoom ?? Math.min(1.5, Math.max(0.5, available / natural.width));
      setShownZoom(factor);
      const scale = factor * PixelsPerInch.PDF_TO_CSS_UNITS;
      const viewport = page.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      box.style.width = `${Math.floor(viewport.width)}px`;
      box.style.height = `${Math.floor(viewport.height)}px`;
      box.style.setProperty('--total-scale-factor', String(scale));
      const task = page.render({
        canvas,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      cancelRender = () => task.cancel();
      text.replaceChildren();
      const layer = new TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport });
      await Promise.all([task.promise, layer.render()]);
      if (!cancelled) setRendered(true);
    })().catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
      cancelRender();
    };
  }, [doc, pageNumber, zoom]);

  if (failed) return <ErrorAlert messageKey="pdf.failed" />;
  const pages = doc?.numPages ?? 0;
  // Zoom steps are relative to what is shown, so stepping from "fit width" goes to the next step.
  const smaller = [...ZOOM_STEPS].reverse().find((step) => step < shownZoom - 0.01);
  const larger = ZOOM_STEPS.find((step) => step > shownZoom + 0.01);
  const pageLabel = t('pdf.page', { page: pageNumber, pages });
  return (
    <div className="pdf-viewer" data-testid="pdf-viewer">
      <fieldset className="pdf-toolbar">
        <legend className="visually-hidden">{t('pdf.controls', { name: filename })}</legend>
        <ActionButton
          className="button button-small"
          unavailable={pageNumber <= 1}
          onPress={() => setPageNumber(pageNumber - 1)}
        >
          {t('pdf.previous')}
        </ActionButton>
        <span className="pdf-page-number" aria-live="polite" data-testid="pdf-page">
          {doc ? pageLabel : t('common.loading')}
        </span>
        <ActionButton
          className="button button-small"
          unavailable={pageNumber >= pages}
          onPress={() => setPageNumber(pageNumber + 1)}
        >
          {t('pdf.next')}
        </ActionButton>
        <ActionButton
          className="button button-small"
          aria-label={t('pdf.zoomOut')}
          unavailable={smaller === undefined}
          onPress={() => smaller !== undefined && setZoom(smaller)}
        >
          −
        </ActionButton>
        <span className="pdf-zoom">{t('pdf.zoom', { percent: Math.round(shownZoom * 100) })}</span>
        <ActionButton
          className="button button-small"
          aria-label={t('pdf.zoomIn')}
          unavailable={larger === undefined}
          onPress={() => larger !== undefined && setZoom(larger)}
        >
          +
        </ActionButton>
      </fieldset>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the page may be wider than the view and must scroll by keyboard */}
      <section className="pdf-scroll" aria-label={pageLabel} tabIndex={0} ref={scrollRef}>
        <div className="pdf-page" ref={pageRef} data-rendered={rendered}>
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={t('pdf.canvas', { page: pageNumber, pages, name: filename })}
          />
          <div className="textLayer" ref={textRef} />
        </div>
      </section>
    </div>
  );
}
