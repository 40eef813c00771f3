/** Saved filters (`filters.*`): apply one, save the current filter under a name, delete the applied one. */
import { memo, useCallback, useEffect, useState } from 'react';
import { Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { CaseListInput, SavedFilter } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { DialogForm } from '../ui/DialogForm';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { SelectField } from '../ui/SelectField';

export const SavedFilters = memo(function SavedFilters({
  current,
  activeId,
  onApply,
  onReset,
  canReset,
}: {
  current: CaseListInput;
  activeId: string | null;
  onApply: (filter: SavedFilter) => void;
  onReset: () => void;
  canReset: boolean;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  const [error, setError] = useState<MessageKey | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);

  const load = useCallback(
    () => api.call('filters.list', {}).then(setSaved, (err: unknown) => setError(errorKey(err))),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (id: string) => {
    try {
      await api.call('filters.delete', { id });
      setError(null);
      await load();
    } catch (err) {
      setError(errorKey(err));
    }
  };

  return (
    <div className="saved-filters">
      {saved.length > 0 && (
        <SelectField
          label={t('savedFilters.label')}
          placeholder={t('savedFilters.choose')}
          options={saved.map((filter) => ({ id: filter.id, label: filter.name }))}
          value={activeId}
          onChange={(id) => {
            const filter = saved.find((entry) => entry.id === id);
            if (filter) onApply(filter);
          }}
          testId="saved-filters"
        />
      )}
      <button type="button" className="button button-quiet" onClick={() => setDialogOpen(true)}>
        {t('savedFilters.save')}
      </button>
      {activeId && (
        <button type="button" className="button button-quiet" onClick={() => void remove(activeId)}>
          {t('savedFilters.delete')}
        </button>
      )}
      {canReset && (
        <button type="button" className="button button-quiet" onClick={onReset} data-testid="reset-filters">
          {t('filters.reset')}
        </button>
      )}
      <ErrorAlert messageKey={error} />
      <SaveFilterDialog
        isOpen={dialogOpen}
        onClose={() => setDialogOpen(false)}
        onSave={async (name) => {
          const created = await api.call('filters.save', { name, query: current });
          await load();
          onApply(created);
        }}
      />
    </div>
  );
});

function SaveFilterDialog({
  isOpen,
  onClose,
  onSave,
}: {
  isOpen: boolean;
  onClose: () => void;
  onSave: (name: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  return (
    <DialogForm
      title={t('savedFilters.dialogTitle')}
      isOpen={isOpen}
      onClose={() => {
        setName('');
        onClose();
      }}
      onSubmit={async () => {
        if (name.trim() === '') return 'savedFilters.nameRequired';
        await onSave(name.trim());
      }}
      confirmLabel={t('savedFilters.confirm')}
      testId="save-filter-dialog"
    >
      <TextField className="field" value={name} onChange={setName} isRequired maxLength={200}>
        <Label className="field-label">{t('savedFilters.name')}</Label>
        <Input className="input" />
      </TextField>
    </DialogForm>
  );
}
