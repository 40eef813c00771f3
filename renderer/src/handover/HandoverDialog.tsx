import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoverPreview } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { DialogForm } from '../ui/DialogForm';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { ScrollRegion } from '../ui/ScrollRegion';

/**
 * Before a case goes to the Fachverfahren: the record exactly as it will be sent (the dry run main
 * prepares), the fields the mapping found no value for, then the case worker confirms. A case the mapping
 * cannot serve shows why and cannot be handed over from here.
 */
export function HandoverDialog({
  caseId,
  isOpen,
  onClose,
  onConfirm,
}: {
  caseId: string;
  isOpen: boolean;
  onClose: () => void;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [preview, setPreview] = useState<HandoverPreview | null>(null);
  const [previewError, setPreviewError] = useState<MessageKey | null>(null);

  useEffect(() => {
    if (!isOpen) return;
    let current = true;
    setPreview(null);
    setPreviewError(null);
    api.call('cases.handoverPreview', { id: caseId }).then(
      (next) => current && setPreview(next),
      (err: unknown) => current && setPreviewError(errorKey(err)),
    );
    return () => {
      current = false;
    };
  }, [api, caseId, isOpen]);

  return (
    <DialogForm
      title={t('handover.title')}
      isOpen={isOpen}
      onClose={onClose}
      onSubmit={async () => {
        if (!preview) return previewError ? 'handover.notPossible' : 'handover.stillPreparing';
        await onConfirm();
      }}
      confirmLabel={t('handover.confirm')}
      focusConfirm
      testId="handover-dialog"
    >
      <p>{t('handover.intro')}</p>
      <ErrorAlert messageKey={previewError} />
      {!preview && !previewError && (
        <p role="status" className="muted">
          {t('handover.preparing')}
        </p>
      )}
      {preview && (
        <>
          <dl className="facts">
            <dt>{t('handover.fileName')}</dt>
            <dd>
              <code>{preview.fileName}</code>
            </dd>
            <dt>{t('handover.format')}</dt>
            <dd>{preview.format.toUpperCase()}</dd>
          </dl>
          <h3 className="dialog-subtitle">{t('handover.problemsTitle')}</h3>
          {preview.problems.length === 0 ? (
            <p data-testid="handover-problems">{t('handover.noProblems')}</p>
          ) : (
            <ul className="handover-problems" data-testid="handover-problems">
              {preview.problems.map((problem) => (
                <li key={problem.target}>
                  <code>{problem.target}</code>:{' '}
                  {t(`handover.reasons.${problem.reason}`, { defaultValue: problem.reason })}
                </li>
              ))}
            </ul>
          )}
          <h3 className="dialog-subtitle">{t('handover.recordTitle')}</h3>
          <ScrollRegion label={t('handover.recordTitle')}>
            <table className="data-table handover-fields" data-testid="handover-fields">
              <thead>
                <tr>
                  <th scope="col">{t('handover.targetField')}</th>
                  <th scope="col">{t('handover.value')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.fields.map((field) => (
                  <tr key={field.target}>
                    <th scope="row">
                      <code>{field.target}</code>
                    </th>
                    <td className="wrap-anywhere">{field.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {/* The file exactly as sent, for whoever needs to check it. */}
          <details className="record-raw">
            <summary>{t('handover.showRaw', { format: preview.format.toUpperCase() })}</summary>
            <pre className="record-preview" data-testid="handover-record">
              {preview.text}
            </pre>
          </details>
        </>
      )}
    </DialogForm>
  );
}
