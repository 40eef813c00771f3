import { din5008 } from './din5008';
import { createPdfA4Document, savePdfA } from './document';
import { type FlowCell, TextFlow } from './flow';
import type { PdfFontFiles } from './fonts';
import { drawPageFooters, footerHeight, type PageFooter } from './footer';
import { fromTop, mm, styles } from './page';
import type { ContentTag } from './tags';

/** One labelled value of the application, already rendered to text by whoever knows the form's schema. */
export interface SummaryRow {
  readonly label: string;
  readonly value: string;
}

export interface SummarySection {
  readonly title: string;
  readonly rows: readonly SummaryRow[];
}

export interface SummaryAttachment {
  readonly name: string;
  readonly mediaType?: string;
  readonly sizeBytes?: number;
  readonly description?: string;
}

/** The Antragsübersicht: what the citizen submitted, as the case file keeps it. */
export interface ApplicationSummary {
  readonly authorityName: string;
  readonly serviceName: string;
  /** Aktenzeichen. */
  readonly fileReference: string;
  readonly receivedAt: Date;
  readonly submissionId: string;
  readonly sections: readonly SummarySection[];
  readonly attachments: readonly SummaryAttachment[];
}

export interface SummaryRenderOptions {
  readonly fonts: PdfFontFiles;
  readonly createdAt: Date;
  /** Time zone for the printed times; the authority's, not the machine's. */
  readonly timeZone?: string;
}

const labelShare = 0.36;
const columnGap = mm(4);
const rowGap = 3;

function formatDateTime(instant: Date, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat('de-DE', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(instant);
  return `${formatted} Uhr`;
}

function formatSize(bytes: number): string {
  const units = ['Byte', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat('de-DE', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)}\u00a0${units[unit]}`;
}

function attachmentText(attachment: SummaryAttachment): string {
  const facts = [
    attachment.mediaType,
    attachment.sizeBytes === undefined ? undefined : formatSize(attachment.sizeBytes),
  ]
    .filter((fact) => fact !== undefined && fact !== '')
    .join(', ');
  return [attachment.name, facts, attachment.description ?? '']
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/**
 * Renders the Antragsübersicht as an A4 PDF, tagged PDF/A-2a and PDF/UA-1: the title (H1), the header facts
 * and each form section (H2) as a table whose labels head their rows, the attachments (H2) as a list.
 */
export async function renderApplicationSummaryPdf(
  summary: ApplicationSummary,
  options: SummaryRenderOptions,
): Promise<Uint8Array> {
  const timeZone = options.timeZone ?? 'Europe/Berlin';
  const document = await createPdfA4Document(options.fonts, {
    title: `Antragsübersicht: ${summary.serviceName}`,
    author: summary.authorityName,
    subject: `Aktenzeichen ${summary.fileReference}`,
    createdAt: options.createdAt,
  });
  const { doc, fonts, structure } = document;
  const root = structure.root;
  const left = din5008.marginLeft;
  const width = din5008.textWidth;
  const footer: PageFooter = {
    reference: `Aktenzeichen: ${summary.fileReference}`,
    columns: [
      [summary.authorityName],
      [`Antragsübersicht, erstellt am ${formatDateTime(options.createdAt, timeZone)}`],
    ],
  };
  const flow = new TextFlow(doc, fonts, {
    left,
    width,
    firstTop: fromTop(18),
    nextTop: fromTop(18),
    bottom: din5008.footerBottom + footerHeight(footer, fonts, width) + din5008.footerGap,
  });
  const labelWidth = width * labelShare;
  const valueLeft = left + labelWidth + columnGap;
  const labelled = (label: string, value: string, labelTag: ContentTag, valueTag: ContentTag): FlowCell[] => [
    { text: label, style: styles.fieldLabel, x: left, width: labelWidth, tag: labelTag },
    {
      text: value.trim() === '' ? '—' : value,
      style: styles.fieldValue,
      x: valueLeft,
      width: left + width - valueLeft,
      tag: valueTag,
    },
  ];
  const tableRows = (rows: readonly SummaryRow[]): void => {
    if (rows.length === 0) return;
    const table = root.add('Table');
    for (const { label, value } of rows) {
      const row = table.add('TR');
      flow.row(labelled(label, value, row.add('TH'), row.add('TD')));
      flow.gap(rowGap);
    }
  };
  const section = (title: string): void => {
    flow.gap(10);
    flow.paragraph(title, styles.heading, root.add('H2'), { keepWithNext: 2 * styles.body.leading });
    flow.gap(3);
  };

  flow.paragraph(summary.authorityName, styles.label, root.add('P'));
  flow.paragraph('Antragsübersicht', styles.letterhead, root.add('H1'));
  flow.paragraph(summary.serviceName, styles.title, root.add('P'));
  flow.gap(8);
  tableRows([
    { label: 'Aktenzeichen', value: summary.fileReference },
    { label: 'Eingegangen am', value: formatDateTime(summary.receivedAt, timeZone) },
    { label: 'Einreichungs-ID', value: summary.submissionId },
  ]);

  for (const formSection of summary.sections) {
    section(formSection.title);
    tableRows(formSection.rows);
  }

  section('Anlagen');
  if (summary.attachments.length === 0) {
    flow.paragraph('Keine Anlagen.', styles.body, root.add('P'));
  } else {
    const list = root.add('L');
    summary.attachments.forEach((attachment, index) => {
      const item = list.add('LI');
      flow.row(
        labelled(`Anlage ${index + 1}`, attachmentText(attachment), item.add('Lbl'), item.add('LBody')),
      );
      flow.gap(rowGap);
    });
  }

  drawPageFooters(doc, fonts, footer, { left, width, bottom: din5008.footerBottom });
  return savePdfA(document);
}
