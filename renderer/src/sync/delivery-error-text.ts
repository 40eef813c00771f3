/**
 * What went wrong with an outgoing delivery, in the UI's words. Main keeps `<code>: <English message>`; the
 * person sees the code's own sentence, or a plain "failed" for a code the UI does not know: never the code
 * or the English message.
 */
import type { TFunction } from 'i18next';

/** Hand-over and archive share one table of errors; notices and the BundID status updates another. */
const catalogueOf = (type: string) =>
  type === 'handover' || type === 'archive' ? 'archive.errors' : 'notices.deliveryErrors';

export function deliveryErrorText(t: TFunction, type: string, lastError: string): string {
  const code = lastError.split(':', 1)[0] ?? '';
  return t([`${catalogueOf(type)}.${code}`, 'outbox.unknownError']);
}

/** An outbox item type in words ("Übergabe an das Fachverfahren"), never the type's id. */
export function outboxTypeText(t: TFunction, type: string): string {
  return t([`outbox.types.${type}`, 'outbox.types.other']);
}
