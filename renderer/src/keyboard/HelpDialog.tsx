import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../ui/ModalDialog';
import { type ShortcutScope, shortcutTable } from './shortcuts';

const scopes: ShortcutScope[] = ['global', 'list', 'case', 'caseView'];

/** The overlay `?` opens: every shortcut, read from the same table the handlers use. */
export function HelpDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={t('shortcuts.title')}
      isOpen={isOpen}
      onClose={onClose}
      wide
      closeButton
      testId="help-dialog"
    >
      <p>{t('shortcuts.intro')}</p>
      <div className="shortcut-groups">
        {scopes.map((scope) => (
          <section key={scope} aria-labelledby={`shortcuts-${scope}`}>
            <h3 id={`shortcuts-${scope}`}>{t(`shortcuts.scopes.${scope}`)}</h3>
            <dl className="shortcut-list">
              {shortcutTable
                .filter((entry) => entry.scope === scope)
                .map((entry) => (
                  <Fragment key={entry.id}>
                    <dt>
                      {entry.keys.map((key, index) => (
                        <Fragment key={key}>
                          {index > 0 && <span className="key-or"> {t('shortcuts.or')} </span>}
                          <KeyCombo combo={key} />
                        </Fragment>
                      ))}
                    </dt>
                    <dd>{t(`shortcuts.actions.${entry.id}`)}</dd>
                  </Fragment>
                ))}
            </dl>
          </section>
        ))}
      </div>
    </ModalDialog>
  );
}

/** `g i` reads "g dann i"; named keys get their spoken names ("Pfeil nach unten"). */
function KeyCombo({ combo }: { combo: string }) {
  const { t } = useTranslation();
  const steps = combo === ' ' ? [' '] : combo.split(' ');
  return (
    <>
      {steps.map((step, index) => (
        <Fragment key={step}>
          {index > 0 && <span className="key-then"> {t('shortcuts.then')} </span>}
          <kbd>
            {step
              .split('+')
              .map((part) =>
                part.length === 1 && part !== ' ' ? part : t(`keys.${part === ' ' ? 'Space' : part}`),
              )
              .join(' + ')}
          </kbd>
        </Fragment>
      ))}
    </>
  );
}
