import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from './errors';
import { Icon } from './Icon';

/** An error a person should notice now: role=alert, icon and text, never colour alone. */
export function ErrorAlert({
  messageKey,
  children,
}: {
  messageKey: MessageKey | null;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div role="alert" className={messageKey ? 'alert' : 'alert alert-empty'}>
      {messageKey && (
        <>
          <Icon name="error" />
          <span>{t(messageKey)}</span>
          {children}
        </>
      )}
    </div>
  );
}
