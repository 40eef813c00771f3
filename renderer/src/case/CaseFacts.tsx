import { useTranslation } from 'react-i18next';
import type { CaseView } from '../../../main/api/contract';
import { formatDate, formatDateTime } from '../../../shared/forms/format';
import { useDesk } from '../app/desk-context';
import { DeadlineBadge } from '../deadline/DeadlineBadge';
import { PickupReminder } from '../deadline/PickupReminder';
import { localeFor } from '../i18n';
import { StatusBadge } from '../inbox/CaseBadges';

/** The reply channel's kind (exactly one key) and, for e-mail, its address. */
function replyChannelText(
  channel: CaseView['case']['replyChannel'],
  label: (kind: string) => string,
): string | null {
  if (!channel) return null;
  const [kind, details] = Object.entries(channel)[0] ?? [];
  if (!kind) return null;
  const address =
    details && typeof details === 'object' && !Array.isArray(details) && typeof details.address === 'string'
      ? details.address
      : null;
  return address ? `${label(kind)} (${address})` : label(kind);
}

/** The case's header facts: what it is, where it stands, and the ids to quote on the phone. */
export function CaseFacts({ view, now }: { view: CaseView; now: Date }) {
  const { t, i18n } = useTranslation();
  const desk = useDesk();
  const locale = localeFor(i18n.language);
  const c = view.case;
  const none = t('common.none');
  const channel = replyChannelText(c.replyChannel, (kind) =>
    t(`case.replyChannels.${kind}`, { defaultValue: kind }),
  );
  return (
    <dl className="facts case-facts" data-testid="case-facts">
      <dt>{t('case.facts.service')}</dt>
      <dd>{c.serviceName}</dd>
      <dt>{t('case.facts.applicant')}</dt>
      <dd>{c.applicantName}</dd>
      <dt>{t('case.facts.fileReference')}</dt>
      <dd>{c.fileReference ?? t('case.noFileReference')}</dd>
      <dt>{t('case.facts.received')}</dt>
      <dd>{formatDateTime(c.receivedAt, { locale })}</dd>
      <dt>{t('case.facts.status')}</dt>
      <dd>
        <StatusBadge status={c.status} noticeDelivery={view.noticeDelivery} />
      </dd>
      <dt>{t('case.facts.deadline')}</dt>
      <dd>
        <DeadlineBadge
          status={c.status}
          deadlineAt={view.deadline?.at ?? null}
          kind={view.deadline?.kind}
          now={now}
          long
        />{' '}
        <PickupReminder status={c.status} verification={c.verification} receivedAt={c.receivedAt} now={now} />
      </dd>
      {view.followUp && (
        <>
          <dt>{t(`case.facts.followUp.${view.followUp.kind}`)}</dt>
          <dd data-testid="case-follow-up">{formatDate(view.followUp.at, { locale })}</dd>
        </>
      )}
      <dt>{t('case.facts.assignee')}</dt>
      <dd>{desk.displayName(c.assignee) ?? t('inbox.unassigned')}</dd>
      <dt>{t('case.facts.replyChannel')}</dt>
      <dd>{channel ?? none}</dd>
      <dt>{t('case.facts.levelOfAssurance')}</dt>
      <dd>
        {c.levelOfAssurance
          ? t(`case.levels.${c.levelOfAssurance}`, { defaultValue: c.levelOfAssurance })
          : none}
      </dd>
      <dt>{t('case.facts.payment')}</dt>
      <dd>
        {c.paymentStatus ? t(`case.payments.${c.paymentStatus}`, { defaultValue: c.paymentStatus }) : none}
      </dd>
      <dt>{t('case.facts.submissions')}</dt>
      <dd className="ids">
        {view.submissions.map((submission) => (
          <code key={submission.submissionId}>{submission.submissionId}</code>
        ))}
      </dd>
      <dt>{t('case.facts.caseId')}</dt>
      <dd className="ids">
        <code>{c.id}</code>
      </dd>
      <dt>{t('case.facts.fitCaseId')}</dt>
      <dd className="ids">
        <code>{c.fitCaseId}</code>
      </dd>
    </dl>
  );
}
