import { useTranslation } from 'react-i18next';
import type { SubmissionView } from '../../../main/api/contract';
import type { AttachmentRow } from '../../../shared/cases/types';
import { formatDateTime } from '../../../shared/forms/format';
import { localeFor } from '../i18n';
import { Icon } from '../ui/Icon';
import { type CheckWording, checkText } from './verification-text';

/**
 * The receiver-side checks of each submission: one line ("Alle 14 Prüfungen bestanden") that opens the
 * single checks, each with its outcome and why, in the UI's language. Check
 * ids look like `data.hash` or `attachment.hash:<id>`; the part before the colon names the check, the
 * part after it is shown as the attachment's file name when known.
 */
export function VerificationPanel({
  submissions,
  attachments,
}: {
  submissions: SubmissionView[];
  attachments: AttachmentRow[];
}) {
  const { t, i18n } = useTranslation();
  const fileOf = new Map(attachments.map((a) => [a.attachmentId, a.filename]));
  const locale = localeFor(i18n.language);
  const wording: CheckWording = {
    i18n,
    fileName: (attachmentId) => fileOf.get(attachmentId),
    dateTime: (iso) => formatDateTime(iso, { locale }),
  };
  return (
    <section className="panel" aria-labelledby="verification-title" data-testid="verification">
      <h2 id="verification-title">{t('verification.title')}</h2>
      {submissions.map((submission) => {
        const report = submission.verificationReport;
        const failed = report?.checks.filter((check) => !check.passed).length ?? 0;
        return (
          <div key={submission.submissionId} className="verification-report">
            {submissions.length > 1 && (
              <h3>{t('verification.submission', { id: submission.submissionId })}</h3>
            )}
            {report === null ? (
              <p className="verification verification-pending">
                <Icon name="pending" />
                {t('verification.pendingReport')}
              </p>
            ) : (
              // One plain line first; the single checks on demand (open at once when one failed).
              <details className="verification-details" open={!report.passed}>
                <summary
                  className={
                    report.passed ? 'verification verification-passed' : 'verification verification-failed'
                  }
                  data-step="verification"
                >
                  <span className="disclosure-chevron" aria-hidden="true" />
                  <Icon name={report.passed ? 'ok' : 'error'} />
                  {report.passed
                    ? t('verification.summaryPassed', { count: report.checks.length })
                    : t('verification.summaryFailed', { count: failed, total: report.checks.length })}
                </summary>
                <ul className="checks">
                  {report.checks.map((check) => {
                    const [base = check.check, subject] = check.check.split(':');
                    const name = t(`verification.checks.${base}`, { defaultValue: base });
                    return (
                      <li
                        key={check.check}
                        className={check.passed ? 'check check-passed' : 'check check-failed'}
                      >
                        <span
                          className={
                            check.passed
                              ? 'verification verification-passed'
                              : 'verification verification-failed'
                          }
                        >
                          <Icon name={check.passed ? 'ok' : 'error'} />
                          {check.passed ? t('verification.passed') : t('verification.failed')}
                        </span>
                        <span className="check-name">
                          {name}
                          {subject !== undefined && ` – ${fileOf.get(subject) ?? subject}`}
                        </span>
                        <span className="check-detail">{checkText(check, wording)}</span>
                      </li>
                    );
                  })}
                </ul>
              </details>
            )}
          </div>
        );
      })}
    </section>
  );
}
