/**
 * The Antragsübersicht of a case: every submission's form data with the schema's German titles (the same
 * form tree the case view renders, so paper and screen agree) and the attachment list, rendered as PDF/A
 * by main/pdf/summary.ts. One way to summarise a case: the print call and the archive's `application`
 * document both use `caseSummaryRenderer`.
 */

import { join } from 'node:path';
import type { CaseDetail, JsonValue, SubmissionRow } from '../../shared/cases/types';
import { buildFormTree, type FormNode, type FormWords } from '../../shared/forms/form-tree';
import { dataKindOf } from '../cases/form-data-kind';
import { type PdfFontFiles, readPdfFontFiles } from '../pdf/fonts';
import {
  type ApplicationSummary,
  renderApplicationSummaryPdf,
  type SummaryRow,
  type SummarySection,
} from '../pdf/summary';
import { assetsDir } from './paths';

/** What the summary reads of a case; the vault's CaseDetail and the desk's CaseView both carry it. */
export interface SummarySource {
  case: Pick<CaseDetail['case'], 'serviceName' | 'fileReference' | 'receivedAt'>;
  submissions: readonly Pick<
    SubmissionRow,
    'submissionId' | 'receivedAt' | 'data' | 'dataMimeType' | 'submissionSchemaUri'
  >[];
  attachments: readonly Pick<CaseDetail['attachments'][number], 'filename' | 'mimeType' | 'size'>[];
}

export interface SummaryContext {
  /** The service's JSON Schema by its URI (the schema catalog), null when unknown. */
  schemaFor(schemaUri: string): JsonValue | null;
  /** The authority's name for the letterhead. */
  authorityName: string;
}

const words: FormWords = {
  locale: 'de-DE',
  timeZone: 'Europe/Berlin',
  yes: 'Ja',
  no: 'Nein',
  empty: '',
  item: (n) => `Eintrag ${n}`,
};

const pathSeparator = ' › ';

/** The department as its profile names it, with its authority: the summary's letterhead. */
export interface Letterhead {
  authorityName: string;
  name: string;
}

export function applicationSummary(source: SummarySource, context: SummaryContext): ApplicationSummary {
  const first = source.submissions[0];
  return {
    authorityName: context.authorityName,
    serviceName: source.case.serviceName,
    fileReference: source.case.fileReference ?? '',
    receivedAt: new Date(first?.receivedAt ?? source.case.receivedAt),
    submissionId: source.submissions.map((submission) => submission.submissionId).join(', '),
    sections: source.submissions.flatMap((submission) =>
      submissionSections(submission, context.schemaFor(submission.submissionSchemaUri)),
    ),
    attachments: source.attachments.map((attachment) => ({
      name: attachment.filename,
      mediaType: attachment.mimeType,
      sizeBytes: attachment.size,
    })),
  };
}

/** Renders the Antragsübersicht as tagged PDF/A-2a (PDF/UA-1); the shipped fonts are read once, on first use. */
export function caseSummaryRenderer(options: {
  schemaFor: SummaryContext['schemaFor'];
  now(): Date;
}): (source: SummarySource, letterhead: Letterhead) => Promise<Uint8Array> {
  let fonts: Promise<PdfFontFiles> | undefined;
  return async (source, letterhead) => {
    fonts ??= readPdfFontFiles(join(assetsDir(), 'fonts'));
    const summary = applicationSummary(source, {
      schemaFor: options.schemaFor,
      authorityName: `${letterhead.authorityName} · ${letterhead.name}`,
    });
    return renderApplicationSummaryPdf(summary, { fonts: await fonts, createdAt: options.now() });
  };
}

function submissionSections(
  submission: SummarySource['submissions'][number],
  schema: JsonValue | null,
): SummarySection[] {
  const data = parseJson(submission.data, submission.dataMimeType);
  // XML (or unreadable JSON) has no titles to read; it is printed as received, so nothing is hidden.
  if (data === undefined)
    return [{ title: 'Formulardaten', rows: [{ label: 'Daten', value: submission.data }] }];
  const tree = buildFormTree(schema, data, words);
  const sections: SummarySection[] = [];
  const loose: SummaryRow[] = [];
  for (const node of tree.nodes) {
    if (node.kind === 'section') sections.push({ title: node.label, rows: rowsOf(node.children, []) });
    else loose.push(...rowsOf([node], []));
  }
  // Top-level fields come first, under the form's own title.
  return loose.length > 0 ? [{ title: tree.title ?? 'Formulardaten', rows: loose }, ...sections] : sections;
}

/** Nested sections flatten into rows labelled by their path, so the PDF keeps two columns. */
function rowsOf(nodes: readonly FormNode[], parents: readonly string[]): SummaryRow[] {
  const label = (own: string) => [...parents, own].join(pathSeparator);
  return nodes.flatMap((node): SummaryRow[] => {
    if (node.kind === 'field') return [{ label: label(node.label), value: node.value.text }];
    if (node.kind === 'list') {
      return [{ label: label(node.label), value: node.items.map((item) => item.text).join('\n') }];
    }
    if (node.kind === 'table') {
      return node.rows.map((cells, index) => ({
        label: label(`${node.label} ${index + 1}`),
        value: node.columns.map((column, at) => `${column.label}: ${cells[at]?.text ?? ''}`).join('\n'),
      }));
    }
    return rowsOf(node.children, [...parents, node.label]);
  });
}

function parseJson(text: string, mimeType: string): JsonValue | undefined {
  if (dataKindOf(mimeType) !== 'json') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
