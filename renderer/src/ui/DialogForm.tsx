import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';
import { errorKey, type MessageKey } from './errors';
import { ModalDialog } from './ModalDialog';

/**
 * A modal form with confirm and cancel. `onSubmit` either resolves (the dialog closes), resolves with
 * the i18n key of what is missing (the dialog stays and says so), or throws (the error's code is shown).
 */
export function DialogForm({
  title,
  isOpen,
  onClose,
  onSubmit,
  confirmLabel,
  danger = false,
  focusConfirm = false,
  testId,
  children,
}: {
  title: string;
  isOpen: boolean;
  onClose: () => void;
  onSubmit: () => Promise<string | undefined>;
  confirmLabel: string;
  danger?: boolean;
  /** A dialog with nothing to fill in opens on its confirm button: Enter confirms. */
  focusConfirm?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const problem = await onSubmit();
      if (problem === undefined) close();
      else setError(problem);
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog title={title} isOpen={isOpen} onClose={close} testId={testId}>
      <form onSubmit={(event) => void submit(event)} className="dialog-form" noValidate>
        {children}
        <ErrorAlert messageKey={error} />
        <div className="dialog-actions">
          <button
            type="submit"
            className={danger ? 'button button-danger' : 'button button-primary'}
            aria-disabled={busy}
            // biome-ignore lint/a11y/noAutofocus: a dialog that only asks to confirm starts on its answer.
            autoFocus={focusConfirm}
          >
            {confirmLabel}
          </button>
          <button type="button" className="button" onClick={close}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
