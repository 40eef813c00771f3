import { useTranslation } from 'react-i18next';
import type { CaseAction } from '../../../shared/cases/workflow';
import { ActionButton } from '../ui/ActionButton';

/** "n ausgewählt" with exactly the actions valid for every selected case. */
export function BulkBar({
  count,
  actions,
  busy,
  onAction,
  onClear,
}: {
  count: number;
  actions: readonly CaseAction[];
  busy: boolean;
  onAction: (action: CaseAction) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="bulk-bar" aria-label={t('bulk.label')} data-testid="bulk-bar">
      <strong className="bulk-count">{t('bulk.selected', { count })}</strong>
      {actions.length === 0 ? (
        <span className="muted">{t('bulk.noCommonAction')}</span>
      ) : (
        actions.map((action) => (
          <ActionButton
            key={action}
            className="button button-primary"
            unavailable={busy}
            onPress={() => onAction(action)}
          >
            {t('bulk.apply', { action: t(`actions.${action}`), count })}
          </ActionButton>
        ))
      )}
      <button type="button" className="button button-quiet" onClick={onClear}>
        {t('bulk.clear')}
      </button>
    </section>
  );
}
