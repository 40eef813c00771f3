import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../ui/DateField';
import { DialogForm } from '../ui/DialogForm';

/** Wiedervorlage: the case comes back on the chosen day, at the start of office hours (08:00 local). */
export function ResubmitDialog({
  isOpen,
  onClose,
  onConfirm,
  today,
}: {
  isOpen: boolean;
  onClose: () => void;
  onConfirm: (resubmitAt: string) => Promise<void>;
  /** `YYYY-MM-DD`; the earliest day one may choose is tomorrow. */
  today: string;
}) {
  const { t } = useTranslation();
  const [day, setDay] = useState<string | null>(null);
  const tomorrow = addDays(today, 1);

  return (
    <DialogForm
      title={t('resubmit.title')}
      isOpen={isOpen}
      onClose={() => {
        setDay(null);
        onClose();
      }}
      onSubmit={async () => {
        if (day === null || day < tomorrow) return 'resubmit.dateRequired';
        const [year, month, date] = day.split('-').map(Number);
        await onConfirm(new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1, 8).toISOString());
      }}
      confirmLabel={t('resubmit.confirm')}
      testId="resubmit-dialog"
    >
      <p>{t('resubmit.intro')}</p>
      <DateField
        label={t('resubmit.date')}
        value={day}
        onChange={setDay}
        minValue={tomorrow}
        isRequired
        testId="resubmit-date"
      />
    </DialogForm>
  );
}

function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + days)).toISOString().slice(0, 10);
}
