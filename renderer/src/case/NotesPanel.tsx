import { useState } from 'react';
import { Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { NoteRow } from '../../../shared/cases/types';
import { formatDateTime } from '../../../shared/forms/format';
import { useApi } from '../api/context';
import { useDesk } from '../app/desk-context';
import { localeFor } from '../i18n';
import { wasQueued } from '../replica/queued';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';

const MAX_NOTE = 5000;

/** Internal notes: staff only, never sent to the applicant. */
export function NotesPanel({
  caseId,
  notes,
  onAdded,
}: {
  caseId: string;
  notes: NoteRow[];
  onAdded: () => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const desk = useDesk();
  const locale = localeFor(i18n.language);
  const [text, setText] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  /** Saved on the service, or only queued for it (department mode offline). */
  const [saved, setSaved] = useState<'saved' | 'queued' | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    if (busy || text.trim() === '') return;
    setBusy(true);
    setSaved(null);
    try {
      await api.call('cases.addNote', { id: caseId, text: text.trim() });
      setText('');
      setError(null);
      setSaved((await wasQueued(api, caseId)) ? 'queued' : 'saved');
      onAdded();
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="notes-title" data-testid="notes">
      <h2 id="notes-title">{t('notes.title')}</h2>
      <p className="hint">{t('notes.internalOnly')}</p>
      {notes.length === 0 ? (
        <p className="muted">{t('notes.none')}</p>
      ) : (
        <ol className="notes">
          {notes.map((note) => (
            <li key={note.id} className="note">
              <p className="note-meta">
                {t('notes.meta', {
                  author: desk.displayName(note.author),
                  at: formatDateTime(note.createdAt, { locale }),
                })}
              </p>
              <p className="note-text">{note.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form
        className="note-form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <TextField className="field" value={text} onChange={setText} maxLength={MAX_NOTE}>
          <Label className="field-label">{t('notes.new')}</Label>
          <TextArea className="input textarea" rows={3} />
        </TextField>
        <button type="submit" className="button" aria-disabled={busy || text.trim() === ''}>
          {t('notes.add')}
        </button>
        <ErrorAlert messageKey={error} />
        <p role="status" className="status status-saved">
          {saved === 'queued' ? t('replica.queuedChange') : saved ? t('notes.saved') : ''}
        </p>
      </form>
    </section>
  );
}
