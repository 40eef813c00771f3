import { useTranslation } from 'react-i18next';
import { DialogForm } from '../ui/DialogForm';

/** Sealing is final: the dialog says so, and that a correction becomes a new version. */
export function SealDialog({
  isOpen,
  title,
  version,
  onClose,
  onConfirm,
}: {
  isOpen: boolean;
  title: string;
  version: number;
  onClose: () => void;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useTranslation();
  return (
    <DialogForm
      title={t('notices.sealTitle')}
      isOpen={isOpen}
      onClose={onClose}
      onSubmit={async () => {
        await onConfirm();
        return undefined;
      }}
      confirmLabel={t('notices.sealConfirm')}
      focusConfirm
      testId="seal-dialog"
    >
      <p>{t('notices.sealIntro', { title, version })}</p>
      <p className="hint">{t('notices.sealImmutable')}</p>
    </DialogForm>
  );
}
