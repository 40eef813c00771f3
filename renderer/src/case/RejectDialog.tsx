import { useState } from 'react';
import { Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { REJECTION_PROBLEMS, type RejectionProblemName } from '../../../shared/fitconnect/problems';
import { DialogForm } from '../ui/DialogForm';
import { SelectField } from '../ui/SelectField';

const problemNames = Object.keys(REJECTION_PROBLEMS) as RejectionProblemName[];
const MAX_TEXT = 2000;

/** Rejecting names a problem from the FIT-Connect problem table and may explain it in free text. */
export function RejectDialog({
  isOpen,
  onClose,
  onConfirm,
}: {
  isOpen: boolean;
  onClose: () => void;
  onConfirm: (rejection: { problem: string; text: string }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [text, setText] = useState('');

  return (
    <DialogForm
      title={t('reject.title')}
      isOpen={isOpen}
      onClose={() => {
        setProblem(null);
        setText('');
        onClose();
      }}
      onSubmit={async () => {
        if (problem === null) return 'reject.problemRequired';
        await onConfirm({ problem, text: text.trim() });
      }}
      confirmLabel={t('reject.confirm')}
      danger
      testId="reject-dialog"
    >
      <p>{t('reject.intro')}</p>
      <SelectField
        label={t('reject.problem')}
        placeholder={t('reject.chooseProblem')}
        options={problemNames.map((name) => ({ id: name, label: t(`problems.${name}`) }))}
        value={problem}
        onChange={setProblem}
        testId="reject-problem"
      />
      <TextField className="field" value={text} onChange={setText} maxLength={MAX_TEXT}>
        <Label className="field-label">{t('reject.text')}</Label>
        <TextArea className="input textarea" rows={5} />
      </TextField>
      <p className="hint">{t('reject.textHint', { max: MAX_TEXT })}</p>
    </DialogForm>
  );
}
