/**
 * Where an edited draft still has gaps: the marks `[fehlt: …]` that composing left for values it did not
 * have (main/notices/compose.ts, missingValueMarker). Read from the text as it is now, so a gap the person
 * filled disappears at once. Pure.
 */
import type { NoticeDraft } from '../../../main/api/contract';

/** An editable part of the draft: an address line, the subject, or a paragraph (0-based). */
export type DraftField =
  | { part: 'recipient'; index: number }
  | { part: 'title' }
  | { part: 'paragraph'; index: number }
  /** The file reference or the date: set by main, not editable here. */
  | { part: 'frame' };

export interface DraftGap {
  field: DraftField;
  /** The German label inside the mark, e.g. `Gebühr`. */
  label: string;
}

const gapPattern = /\[fehlt: ([^\]\n]+)\]/g;

/** A stable name for a field, for the DOM and for keys. */
export function fieldKey(field: DraftField): string {
  return field.part === 'title' || field.part === 'frame' ? field.part : `${field.part}-${field.index}`;
}

/** Every gap in the draft, in reading order. */
export function draftGaps(draft: NoticeDraft): DraftGap[] {
  const found = (field: DraftField, text: string): DraftGap[] =>
    [...text.matchAll(gapPattern)].map((match) => ({ field, label: match[1] ?? '' }));
  return [
    ...draft.recipient.flatMap((line, index) => found({ part: 'recipient', index }, line)),
    ...found({ part: 'title' }, draft.title),
    ...draft.paragraphs.flatMap((paragraph, index) => found({ part: 'paragraph', index }, paragraph.text)),
    ...[draft.fileReference, draft.date].flatMap((text) => found({ part: 'frame' }, text)),
  ];
}
