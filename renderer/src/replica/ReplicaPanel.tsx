import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/forms/format';
import type { OfflineConflict, ReplicaCaseView, ReplicaState } from '../../../shared/replica/types';
import { useApi } from '../api/context';
import { localeFor } from '../i18n';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';

/**
 * Department mode, in the case view: "offline verfügbar" (keep this case on the workstation), how many
 * changes wait for the service, and each change the service refused, with both versions side by side so
 * nothing typed is lost; the person takes over what they need and closes the conflict. Shows nothing where
 * there is no replica (a workstation on its own vault, a browser on the service).
 */
export function ReplicaPanel({ caseId, onSettled }: { caseId: string; onSettled: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<ReplicaState | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () => api.call('replica.state', { caseId }).then(setState, () => setState(null)),
    [api, caseId],
  );
  useEffect(() => {
    void load();
    const offChanged = api.on('replica.changed', () => void load());
    const offOnline = api.on('department.connectivity', () => void load());
    return () => {
      offChanged();
      offOnline();
    };
  }, [api, load]);

  const act = async (step: () => Promise<ReplicaState>) => {
    if (busy) return;
    setBusy(true);
    try {
      setState(await step());
      setError(null);
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setBusy(false);
    }
  };

  if (!state?.available) return null;
  const conflicts = state.conflicts.filter((conflict) => conflict.command.caseId === caseId);
  return (
    <section className="panel" aria-labelledby="replica-title" data-testid="replica">
      <h2 id="replica-title">{t('replica.title')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={state.marked}
          disabled={busy}
          onChange={(event) =>
            void act(() => api.call('replica.mark', { caseId, offline: event.target.checked }))
          }
        />
        {t('replica.mark')}
      </label>
      <p className="hint">{state.held ? t('replica.held') : t('replica.notHeld')}</p>
      <p role="status" className="status" data-testid="replica-queued">
        {state.queued > 0 ? t('replica.queued', { count: state.queued }) : ''}
      </p>
      <ErrorAlert messageKey={error} />
      {conflicts.map((conflict) => (
        <ConflictView
          key={conflict.command.commandId}
          conflict={conflict}
          busy={busy}
          onSettle={() =>
            void act(async () => {
              const next = await api.call('replica.settle', { commandId: conflict.command.commandId });
              onSettled();
              return next;
            })
          }
        />
      ))}
    </section>
  );
}

function ConflictView({
  conflict,
  busy,
  onSettle,
}: {
  conflict: OfflineConflict;
  busy: boolean;
  onSettle: () => void;
}) {
  const { t } = useTranslation();
  const id = `conflict-${conflict.command.commandId}`;
  return (
    <section className="replica-conflict" aria-labelledby={id} data-testid="replica-conflict">
      <h3 id={id}>{t(`replica.conflict.${conflict.command.action}`)}</h3>
      <p>{t(`replica.reason.${conflict.reason}`)}</p>
      <div className="replica-versions">
        <div data-testid="conflict-theirs">
          <h4>{t('replica.yours')}</h4>
          <Version conflict={conflict} view={conflict.theirs} own />
        </div>
        <div data-testid="conflict-service">
          <h4>{t('replica.service')}</h4>
          <Version conflict={conflict} view={conflict.service} own={false} />
        </div>
      </div>
      <button type="button" className="button button-small" disabled={busy} onClick={onSettle}>
        {t('replica.settle')}
      </button>
    </section>
  );
}

/** The part of a version the refused change touches: the note, the Wiedervorlage, the notice draft. */
function Version({
  conflict,
  view,
  own,
}: {
  conflict: OfflineConflict;
  view: ReplicaCaseView;
  own: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { command } = conflict;
  if (command.action === 'note') {
    // Their version is the note they wrote; the service's, the notes it holds now.
    const notes = own ? [command.payload.text] : view.notes.map((note) => note.text);
    return notes.length === 0 ? (
      <p className="muted">{t('notes.none')}</p>
    ) : (
      <ul className="replica-notes">
        {notes.map((text, index) => (
          // Notes have no stable key on their side; their order is.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is read-only and never reordered.
          <li key={index} className="note-text">
            {text}
          </li>
        ))}
      </ul>
    );
  }
  if (command.action === 'followUp') {
    return (
      <p>
        {view.resubmitAt
          ? t('replica.resubmitAt', {
              at: formatDateTime(view.resubmitAt, { locale: localeFor(i18n.language) }),
            })
          : t('replica.noResubmission')}
      </p>
    );
  }
  const draft = view.noticeDraft as { title?: string; paragraphs?: { text?: string }[] } | null;
  return draft ? (
    <div className="replica-draft">
      <p>
        <strong>{draft.title}</strong>
      </p>
      {(draft.paragraphs ?? []).map((paragraph, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the draft's paragraphs are shown, never reordered.
        <p key={index}>{paragraph.text}</p>
      ))}
    </div>
  ) : (
    <p className="muted">{t('replica.noDraft')}</p>
  );
}
