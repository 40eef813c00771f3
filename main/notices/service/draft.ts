/** The edited draft as it comes back from the editor: checked before it is rendered and sealed. */
import { z } from 'zod';
import type { NoticeDraft } from '../compose';
import { isMergeFieldName, type MergeFieldName } from '../merge-fields';
import { noticeKinds } from '../template';
import { NoticeServiceError } from './errors';

const line = z.string().max(500);

/**
 * The draft as the editor sends it back; the contract validates with it at the process boundary. Arrays are
 * readonly, as in the composed draft, so the renderer can send back what it was given.
 */
export const noticeDraftSchema = z.strictObject({
  templateId: z.string().min(1).max(64),
  kind: z.enum(noticeKinds),
  recipient: z.array(line).max(8).readonly(),
  fileReference: line,
  date: line,
  title: z.string().min(1).max(500),
  paragraphs: z
    .array(z.strictObject({ style: z.enum(['heading', 'body']), text: z.string().min(1).max(20_000) }))
    .min(1)
    .max(200)
    .readonly(),
  missingFields: z
    .array(z.string())
    .readonly()
    .refine((names) => names.every(isMergeFieldName))
    .transform((names) => names as readonly MergeFieldName[]),
});

export function parseDraft(value: unknown): NoticeDraft {
  const parsed = noticeDraftSchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    throw new NoticeServiceError('draft-invalid', `fields ${fields.join(', ')}`);
  }
  return parsed.data;
}
