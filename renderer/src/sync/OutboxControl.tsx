/**
 * The outbox count in the header (pending and failed deliveries: accept/reject events, notices,
 * hand-overs) and the dialog listing them with their last error and a retry button.
 */
import { lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxCounts } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { useShortcut } from '../keyboard/ShortcutProvider';
import { Icon } from '../ui/Icon';
import { WhenOpen } from '../ui/WhenOpen';

const OutboxDialog = lazy(() => import('./OutboxDialog').then((m) => ({ default: m.OutboxDialog })));

export function OutboxControl({ onOpenCase }: { onOpenCase: (caseId: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [counts, setCounts] = useState<OutboxCounts | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    api.call('outbox.counts', {}).then(setCounts, () => setCounts(null));
    return api.on('outbox.changed', setCounts);
  }, [api]);

  useShortcut('outbox', () => setOpen(true));

  const waiting = counts ? counts.pending + counts.inFlight : 0;
  const failed = counts?.failed ?? 0;
  return (
    <>
      <button
        type="button"
        className={
          failed > 0 ? 'button button-quiet outbox-button has-failed' : 'button button-quiet outbox-button'
        }
        onClick={() => setOpen(true)}
        aria-keyshortcuts="o"
        data-testid="outbox-button"
      >
        {failed > 0 && <Icon name="warning" />}
        {t('outbox.button', { waiting, failed })}
      </button>
      <WhenOpen isOpen={open}>
        <OutboxDialog
          isOpen
          onClose={() => setOpen(false)}
          onOpenCase={(caseId) => {
            setOpen(false);
            onOpenCase(caseId);
          }}
        />
      </WhenOpen>
    </>
  );
}
