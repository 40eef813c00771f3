import { useState } from 'react';
import { Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { REJECTION_PROBLEMS, type RejectionProblemName } from '../../../shared/fitconnect/problems';
import { DialogForm } from '../ui/DialogForm';
import { SelectField } from '../ui/SelectField';

const problemNames = Object.keys(REJECTION_PROBLEMS) as RejectionProblemName[];
const MAX_TEXT = 2000;

/**
 * Two rejections. A case whose technical checks did not pass is rejected on FIT-Connect: the person names a
 * problem from the problem table and may explain it. A verified case got its technical receipt already; the
 * case worker's refusal sends nothing to FIT-Connect, and the dialog says that a refusal on the merits is an
 * Ablehnungsbescheid.
 */
export function RejectDialog({
  isOpen,
  technical,
  onClose,
  onConfirm,
}: {
  isOpen: boolean;
  /** The case's verification did not pass: the rejection goes to FIT-Connect with a problem. */
  technical: boolean;
  onClose: () => void;
  onConfirm: (rejection: { problem?: string; text: string }) => Promise<void>;
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
        if (!technical) return void (await onConfirm({ text: text.trim() }));
        if (problem === null) return 'reject.problemRequired';
        await onConfirm({ problem, text: text.trim() });
      }}
      confirmLabel={t('reject.confirm')}
      danger
      testId="reject-dialog"
    >
      {technical ? (
        <>
          <p>{t('reject.technicalIntro')}</p>
          <SelectField
            label={t('reject.problem')}
            placeholder={t('reject.chooseProblem')}
            options={problemNames.map((name) => ({ id: name, label: t(`problems.${name}`) }))}
            value={problem}
            onChange={setProblem}
            testId="reject-problem"
          />
        </>
      ) : (
        <>
          <p>{t('reject.formalIntro')}</p>
          <p className="hint">{t('reject.onTheMerits')}</p>
        </>
      )}
      <TextField className="field" value={text} onChange={setText} maxLength={MAX_TEXT}>
        <Label className="field-label">{t(technical ? 'reject.text' : 'reject.reason')}</Label>
        <TextArea className="input textarea" rows={5} />
      </TextField>
      <p className="hint">{t('reject.textHint', { max: MAX_TEXT })}</p>
    </DialogForm>
  );
}
