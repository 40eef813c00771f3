import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../app/desk-context';
import { DialogForm } from '../ui/DialogForm';
import { SelectField } from '../ui/SelectField';

/** Teamleitung hands a case to a colleague of the department. */
export function ReassignDialog({
  isOpen,
  onClose,
  onConfirm,
  currentAssignee,
}: {
  isOpen: boolean;
  onClose: () => void;
  onConfirm: (newAssignee: string) => Promise<void>;
  currentAssignee: string | null;
}) {
  const { t } = useTranslation();
  const desk = useDesk();
  const [assignee, setAssignee] = useState<string | null>(null);
  const candidates = desk.colleagues.filter((colleague) => colleague.userId !== currentAssignee);

  return (
    <DialogForm
      title={t('reassign.title')}
      isOpen={isOpen}
      onClose={() => {
        setAssignee(null);
        onClose();
      }}
      onSubmit={async () => {
        if (assignee === null) return 'reassign.colleagueRequired';
        await onConfirm(assignee);
      }}
      confirmLabel={t('reassign.confirm')}
      testId="reassign-dialog"
    >
      <p>
        {currentAssignee
          ? t('reassign.current', { name: desk.displayName(currentAssignee) })
          : t('reassign.currentNone')}
      </p>
      <SelectField
        label={t('reassign.colleague')}
        placeholder={t('reassign.choose')}
        options={candidates.map((colleague) => ({ id: colleague.userId, label: colleague.displayName }))}
        value={assignee}
        onChange={setAssignee}
        testId="reassign-colleague"
      />
    </DialogForm>
  );
}
