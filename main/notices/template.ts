import { z } from 'zod';
import { isBescheid, type NoticeKind, noticeKinds } from '../../shared/notices/kinds';
import { noticeErrors } from './errors';
import { isMergeFieldName, type MergeFieldName } from './merge-fields';

/**
 * Notice templates are JSON: a title and paragraphs of plain text with `{{source.field}}` merge fields.
 * Nothing is evaluated: a merge field is replaced by its value, once, and values are never re-scanned.
 */
export const noticeTemplateFormat = 'antragsdesk.notice-template/1';

export { isBescheid, type NoticeKind, noticeKinds };

/**
 * A paragraph printed only for some cases, from a closed list (no expressions): `fee` unless the service is
 * gebührenfrei, `feeFree` only when it is.
 */
export const paragraphConditions = ['fee', 'feeFree'] as const;
export type ParagraphCondition = (typeof paragraphConditions)[number];

const paragraphSchema = z.strictObject({
  style: z.enum(['heading', 'body']),
  text: z.string().min(1).max(20_000),
  when: z.enum(paragraphConditions).optional(),
});

const noticeTemplateSchema = z.strictObject({
  format: z.literal(noticeTemplateFormat),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  kind: z.enum(noticeKinds),
  /** Shown in the template picker. */
  name: z.string().min(1).max(200),
  title: z.string().min(1).max(500),
  paragraphs: z.array(paragraphSchema).min(1).max(200),
});

export type NoticeTemplate = z.infer<typeof noticeTemplateSchema>;
export type ParagraphStyle = NoticeTemplate['paragraphs'][number]['style'];

export type TemplateToken = { readonly literal: string } | { readonly field: MergeFieldName };

export interface CompiledNoticeTemplate {
  readonly template: NoticeTemplate;
  readonly title: readonly TemplateToken[];
  readonly paragraphs: readonly {
    readonly style: ParagraphStyle;
    readonly when?: ParagraphCondition;
    readonly tokens: readonly TemplateToken[];
  }[];
}

const fieldNamePattern = /^[a-z]+\.[A-Za-z]+$/;

/** Splits text into literals and merge fields; throws on an unclosed `{{` or an unknown field. */
export function tokenizeTemplateText(text: string, templateId: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let rest = text;
  for (let open = rest.indexOf('{{'); open !== -1; open = rest.indexOf('{{')) {
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) throw noticeErrors.templateSyntax(templateId);
    const name = rest.slice(open + 2, close).trim();
    if (!fieldNamePattern.test(name)) throw noticeErrors.templateSyntax(templateId);
    if (!isMergeFieldName(name)) throw noticeErrors.unknownField(templateId, name);
    if (open > 0) tokens.push({ literal: rest.slice(0, open) });
    tokens.push({ field: name });
    rest = rest.slice(close + 2);
  }
  if (rest !== '') tokens.push({ literal: rest });
  return tokens;
}

/** Checks every merge field and the Bescheid rules, and keeps the tokens for composing. */
export function compileNoticeTemplate(template: NoticeTemplate): CompiledNoticeTemplate {
  const title = tokenizeTemplateText(template.title, template.id);
  const paragraphs = template.paragraphs.map((paragraph) => ({
    style: paragraph.style,
    ...(paragraph.when && { when: paragraph.when }),
    tokens: tokenizeTemplateText(paragraph.text, template.id),
  }));
  // A condition must never leave the Rechtsbehelfsbelehrung out.
  const usesLegalRemedy = paragraphs.some(
    (p) =>
      p.when === undefined &&
      p.tokens.some((token) => 'field' in token && token.field === 'profile.legalRemedy'),
  );
  if (isBescheid(template.kind) && !usesLegalRemedy) throw noticeErrors.missingLegalRemedy(template.id);
  return { template, title, paragraphs };
}

/** Validates untrusted JSON (a template file) into a template whose merge fields are all known. */
export function parseNoticeTemplate(json: unknown): NoticeTemplate {
  const parsed = noticeTemplateSchema.safeParse(json);
  if (!parsed.success) {
    const claimedId = (json as { id?: unknown } | null)?.id;
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw noticeErrors.templateInvalid(
      typeof claimedId === 'string' ? claimedId : '(unnamed)',
      `${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  compileNoticeTemplate(parsed.data);
  return parsed.data;
}
