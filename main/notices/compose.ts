import { type MergeFieldName, mergeFields, type NoticeCaseFields, type NoticeProfile } from './merge-fields';
import {
  compileNoticeTemplate,
  type NoticeKind,
  type NoticeTemplate,
  type ParagraphCondition,
  type ParagraphStyle,
  type TemplateToken,
  tokenizeTemplateText,
} from './template';

export interface NoticeParagraph {
  readonly style: ParagraphStyle;
  readonly text: string;
}

/** A composed notice: plain text the case worker may still edit, plus the letter frame it is printed in. */
export interface NoticeDraft {
  readonly templateId: string;
  readonly kind: NoticeKind;
  /** Address block lines (Anschriftfeld). */
  readonly recipient: readonly string[];
  readonly fileReference: string;
  /** Date of the letter, already in German notation. */
  readonly date: string;
  readonly title: string;
  readonly paragraphs: readonly NoticeParagraph[];
  /** Fields that had no value, in order of first use; each left a marker in the text. */
  readonly missingFields: readonly MergeFieldName[];
}

const frameId = 'letter-frame';
const recipientFrame = [
  '{{case.applicantName}}',
  '{{case.applicantStreet}}',
  '{{case.applicantPostalCode}} {{case.applicantCity}}',
].map((line) => tokenizeTemplateText(line, frameId));
const fileReferenceFrame = tokenizeTemplateText('{{case.fileReference}}', frameId);
const dateFrame = tokenizeTemplateText('{{case.noticeDate}}', frameId);

const markerPattern = /\[fehlt: [^\]\n]+\]/g;

/** What a missing value looks like in the text: impossible to overlook, and found again before rendering. */
export function missingValueMarker(field: MergeFieldName): string {
  return `[fehlt: ${mergeFields[field].label}]`;
}

/** Markers still in the (possibly edited) text; a notice with markers must not be rendered for sending. */
export function countMissingMarkers(draft: NoticeDraft): number {
  const texts = [
    ...draft.recipient,
    draft.fileReference,
    draft.date,
    draft.title,
    ...draft.paragraphs.map((p) => p.text),
  ];
  return texts.reduce((count, text) => count + (text.match(markerPattern)?.length ?? 0), 0);
}

const conditionHolds: Record<ParagraphCondition, (caseFields: NoticeCaseFields) => boolean> = {
  fee: (c) => c.feeFree !== true,
  feeFree: (c) => c.feeFree === true,
};

/** Fills a template with case and profile values, leaving out paragraphs whose condition does not hold. Pure. */
export function composeNotice(
  template: NoticeTemplate,
  caseFields: NoticeCaseFields,
  profile: NoticeProfile,
): NoticeDraft {
  const compiled = compileNoticeTemplate(template);
  const missing = new Set<MergeFieldName>();
  const fill = (tokens: readonly TemplateToken[]): string =>
    tokens
      .map((token) => {
        if ('literal' in token) return token.literal;
        const value = mergeFields[token.field].resolve(caseFields, profile);
        if (value !== undefined) return value;
        missing.add(token.field);
        return missingValueMarker(token.field);
      })
      .join('');

  return {
    templateId: template.id,
    kind: template.kind,
    recipient: recipientFrame.map(fill),
    fileReference: fill(fileReferenceFrame),
    date: fill(dateFrame),
    title: fill(compiled.title),
    paragraphs: compiled.paragraphs
      .filter((paragraph) => paragraph.when === undefined || conditionHolds[paragraph.when](caseFields))
      .map((paragraph) => ({ style: paragraph.style, text: fill(paragraph.tokens) })),
    missingFields: [...missing],
  };
}

/** The notice's words as plain text, for the version record and full-text search. */
export function noticePlainText(draft: NoticeDraft): string {
  return [draft.title, ...draft.paragraphs.map((paragraph) => paragraph.text)].join('\n\n');
}
