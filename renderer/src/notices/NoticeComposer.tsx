/**
 * The draft of a notice as an editable form: recipient lines, subject and paragraphs editable, file
 * reference and date shown (main sets them), the gaps still marked listed with a way to each, and beside
 * it the live preview of the PDF as it would be sealed.
 */
import { useMemo } from 'react';
import { Input, Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { NoticeDraft } from '../../../main/api/contract';
import { PdfViewer } from '../case/PdfViewer';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Icon } from '../ui/Icon';
import { type DraftField, draftGaps, fieldKey } from './notice-gaps';
import { useNoticePreview } from './useNoticePreview';

/** Lines longer than this wrap in a paragraph's text area; it grows with the text, up to a limit. */
const CHARS_PER_ROW = 60;
const MAX_ROWS = 12;

/** Room for the text as it wraps, plus a line to type into. */
function rowsFor(text: string): number {
  const lines = text
    .split('\n')
    .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / CHARS_PER_ROW)), 0);
  return Math.min(MAX_ROWS, lines + 1);
}

export function NoticeComposer({
  caseId,
  draft,
  onChange,
}: {
  caseId: string;
  draft: NoticeDraft;
  onChange: (draft: NoticeDraft) => void;
}) {
  const { t } = useTranslation();
  const preview = useNoticePreview(caseId, draft);
  const gaps = useMemo(() => draftGaps(draft), [draft]);

  const fieldName = (field: DraftField): string => {
    switch (field.part) {
      case 'recipient':
        return t('notices.recipientLine', { n: field.index + 1 });
      case 'title':
        return t('notices.subject');
      case 'frame':
        return t('notices.letterFacts');
      case 'paragraph': {
        const n = field.index + 1;
        return draft.paragraphs[field.index]?.style === 'heading'
          ? t('notices.heading', { n })
          : t('notices.paragraph', { n });
      }
    }
  };
  const setRecipient = (index: number, line: string) =>
    onChange({ ...draft, recipient: draft.recipient.map((old, at) => (at === index ? line : old)) });
  const setParagraph = (index: number, text: string) =>
    onChange({
      ...draft,
      paragraphs: draft.paragraphs.map((paragraph, at) =>
        at === index ? { ...paragraph, text } : paragraph,
      ),
    });
  /** Focuses the field and selects its first gap, so typing replaces it. */
  const goTo = (field: DraftField) => {
    const element = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(
      `[data-draft-field="${fieldKey(field)}"]`,
    );
    if (!element) return;
    element.focus();
    const start = element.value.indexOf('[fehlt:');
    if (start >= 0) element.setSelectionRange(start, element.value.indexOf(']', start) + 1);
  };

  return (
    <div className="notice-compose" data-testid="notice-compose">
      <div className="notice-editor">
        <section
          className={gaps.length > 0 ? 'notice-gaps notice-gaps-open' : 'notice-gaps'}
          aria-labelledby="notice-gaps-title"
          data-testid="notice-gaps"
        >
          <h4 id="notice-gaps-title">
            <Icon name={gaps.length > 0 ? 'warning' : 'ok'} />
            {gaps.length > 0 ? t('notices.gapsTitle', { count: gaps.length }) : t('notices.noGaps')}
          </h4>
          {gaps.length > 0 && (
            <>
              <p className="hint">{t('notices.gapsHint')}</p>
              <ul>
                {gaps.map((gap, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the same gap may occur twice in one field
                  <li key={`${fieldKey(gap.field)}-${index}`}>
                    {t('notices.gapIn', { label: gap.label, field: fieldName(gap.field) })}{' '}
                    {gap.field.part !== 'frame' && (
                      <button
                        type="button"
                        className="button button-small button-quiet"
                        data-step={index === 0 ? 'fillGap' : undefined}
                        onClick={() => goTo(gap.field)}
                      >
                        {t('notices.goToGap', { field: fieldName(gap.field) })}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <dl className="facts notice-frame" aria-label={t('notices.letterFacts')}>
          <dt>{t('notices.fileReference')}</dt>
          <dd>{draft.fileReference}</dd>
          <dt>{t('notices.date')}</dt>
          <dd>{draft.date}</dd>
        </dl>
        <fieldset className="notice-recipient">
          <legend className="field-label">{t('notices.recipient')}</legend>
          {draft.recipient.map((line, index) => (
            <TextField
              // biome-ignore lint/suspicious/noArrayIndexKey: address lines are edited in place, never reordered
              key={index}
              className="field"
              value={line}
              onChange={(next) => setRecipient(index, next)}
              maxLength={500}
            >
              <Label className="visually-hidden">{fieldName({ part: 'recipient', index })}</Label>
              <Input className="input" data-draft-field={fieldKey({ part: 'recipient', index })} />
            </TextField>
          ))}
        </fieldset>
        <TextField
          className="field"
          value={draft.title}
          onChange={(title) => onChange({ ...draft, title })}
          maxLength={500}
          isRequired
        >
          <Label className="field-label">{t('notices.subject')}</Label>
          <Input className="input" data-draft-field="title" />
        </TextField>
        {draft.paragraphs.map((paragraph, index) => (
          <TextField
            // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs are edited in place, never reordered
            key={index}
            className="field"
            value={paragraph.text}
            onChange={(text) => setParagraph(index, text)}
            maxLength={20_000}
            isRequired
          >
            <Label className="field-label">{fieldName({ part: 'paragraph', index })}</Label>
            {paragraph.style === 'heading' ? (
              <Input className="input" data-draft-field={fieldKey({ part: 'paragraph', index })} />
            ) : (
              <TextArea
                className="input textarea"
                rows={rowsFor(paragraph.text)}
                data-draft-field={fieldKey({ part: 'paragraph', index })}
              />
            )}
          </TextField>
        ))}
      </div>
      <section className="notice-preview" aria-labelledby="notice-preview-title" data-testid="notice-preview">
        <h4 id="notice-preview-title">{t('notices.preview')}</h4>
        <p role="status" className="hint" data-testid="notice-preview-status">
          {preview.updating ? t('notices.previewUpdating') : preview.bytes ? t('notices.previewReady') : ''}
        </p>
        <ErrorAlert messageKey={preview.error} />
        {preview.bytes && <PdfViewer bytes={preview.bytes} filename={t('notices.previewName')} />}
      </section>
    </div>
  );
}
