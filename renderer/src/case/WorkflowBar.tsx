import { useTranslation } from 'react-i18next';
import { type CaseAction, caseActions } from '../../../shared/cases/workflow';
import { ActionButton } from '../ui/ActionButton';

/** Actions that open a dialog first (their labels end in "…"). */
export const dialogActions: readonly CaseAction[] = ['reject', 'resubmit', 'reassign', 'handOver'];
/** A Rückfrage opens its letter (the Nachforderung) in the notice panel; sending that moves the case. */
const asksForInput = (action: CaseAction) => dialogActions.includes(action) || action === 'inquire';

const shortcutKeys: Partial<Record<CaseAction, string>> = {
  claim: 'c',
  accept: 'a',
  reject: 'r',
  handOver: 'h',
  inquire: 'f',
  archive: 'A',
};

/** Exactly the actions main offers for this case now, in workflow order. */
export function WorkflowBar({
  actions,
  next,
  busy,
  onAction,
}: {
  actions: readonly CaseAction[];
  /** The standard path's next step, shown as the primary button. */
  next: string | null;
  busy: boolean;
  onAction: (action: CaseAction) => void;
}) {
  const { t } = useTranslation();
  const offered = caseActions.filter((action) => actions.includes(action));
  return (
    // The surrounding section's heading ("Aktionen") names this group of buttons.
    <div className="workflow-bar" data-testid="workflow">
      {offered.length === 0 && <span className="muted">{t('case.noActions')}</span>}
      {offered.map((action) => (
        <ActionButton
          key={action}
          className={
            action === 'reject'
              ? 'button button-danger-quiet'
              : action === 'accept' || action === next
                ? 'button button-primary'
                : 'button'
          }
          unavailable={busy}
          data-step={action}
          aria-keyshortcuts={shortcutKeys[action]}
          aria-haspopup={dialogActions.includes(action) ? 'dialog' : undefined}
          onPress={() => onAction(action)}
        >
          {t(`actions.${action}`)}
          {asksForInput(action) && '…'}
        </ActionButton>
      ))}
    </div>
  );
}
