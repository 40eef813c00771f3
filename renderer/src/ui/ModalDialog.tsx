import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/**
 * A modal dialog (react-aria: focus trapped and restored, Escape closes, the page behind is inert).
 * Controlled, so shortcuts can open it as well as buttons.
 */
export function ModalDialog({
  title,
  isOpen,
  onClose,
  children,
  wide = false,
  closeButton = false,
  testId,
}: {
  title: string;
  isOpen: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  /** Ends the dialog with a "Schließen" button: for dialogs that only show something. */
  closeButton?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={(open) => !open && onClose()}
      isDismissable
    >
      <Modal className={wide ? 'modal modal-wide' : 'modal'}>
        <Dialog className="dialog" data-testid={testId}>
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          {children}
          {closeButton && (
            <div className="dialog-actions">
              <button type="button" className="button" onClick={onClose}>
                {t('common.close')}
              </button>
            </div>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
