import type { CallInput, NoticeDraft } from '../../../main/api/contract';

/** The draft as the contract's input (zod infers mutable arrays; the composed draft's are readonly). */
export function draftInput(draft: NoticeDraft): CallInput<'notices.seal'>['draft'] {
  return {
    ...draft,
    recipient: [...draft.recipient],
    paragraphs: draft.paragraphs.map((paragraph) => ({ ...paragraph })),
    missingFields: [...draft.missingFields],
  };
}
