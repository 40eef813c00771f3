/** When the live preview of a draft renders. Pure. */
import type { NoticeDraft } from '../../../main/api/contract';

/** Long enough that typing does not render a PDF per keystroke, short enough to feel live. */
const PREVIEW_DELAY_MS = 600;

/**
 * How long to wait before rendering: a new draft (none shown yet, or another template) at once, since nobody
 * is typing; an edit once the typing pauses.
 */
export function previewDelay(shown: NoticeDraft | null, next: NoticeDraft): number {
  return shown === null || shown.templateId !== next.templateId ? 0 : PREVIEW_DELAY_MS;
}
