/**
 * One case: header facts, workflow actions, verification report, form data, attachments, internal notes
 * and history. Every action goes to `cases.transition` with the version this screen shows, so a change
 * made meanwhile by someone else is refused (conflict) and said so, instead of overwritten.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, CaseView } from '../../../main/api/contract';
import { ApiError } from '../../../shared/api/result';
import { authorityCalendarDate } from '../../../shared/cases/authority-time';
import type { CaseAction } from '../../../shared/cases/workflow';
import { useApi } from '../api/context';
import { routeHash } from '../app/routes';
import { useScreenHeading } from '../app/useScreenHeading';
import { PurgedNotice } from '../archive/PurgedNotice';
import { ReceiptsPanel } from '../archive/ReceiptsPanel';
import { HandoverDialog } from '../handover/HandoverDialog';
import { focusSoon } from '../keyboard/focus-soon';
import { useShortcut } from '../keyboard/ShortcutProvider';
import { NoticePanel } from '../notices/NoticePanel';
import { SummaryActions } from '../print/SummaryActions';
import { wasQueued } from '../replica/queued';
import { ReplicaPanel } from '../replica/ReplicaPanel';
import { CaseTeamPanel } from '../team/CaseTeamPanel';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { AttachmentsPanel } from './AttachmentsPanel';
import { CaseFacts } from './CaseFacts';
import { FormDataPanel } from './FormDataPanel';
import { HistoryPanel } from './HistoryPanel';
import { NotesPanel } from './NotesPanel';
import { type NoticeProgress, nextStep, noProgress, type Step, stepControl } from './next-step';
import { ReassignDialog } from './ReassignDialog';
import { RejectDialog } from './RejectDialog';
import { ResubmitDialog } from './ResubmitDialog';
import { VerificationPanel } from './VerificationPanel';
import { WorkflowBar } from './WorkflowBar';

type Extra = Omit<CallInput<'cases.transition'>, 'id' | 'action' | 'expectedVersion'>;
type Dialog = 'reject' | 'resubmit' | 'reassign' | 'handOver' | null;

export function CaseScreen({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const heading = useRef<HTMLHeadingElement>(null);
  const [view, setView] = useState<CaseView | null>(null);
  const [loadError, setLoadError] = useState<MessageKey | null>(null);
  const [actionError, setActionError] = useState<{ key: MessageKey; conflict: boolean } | null>(null);
  /** The step just done, said while the case is still as that step left it (never a stale line). */
  const [done, setDone] = useState<{ action: CaseAction; version: number; queued: boolean } | null>(null);
  const [noticeProgress, setNoticeProgress] = useState<NoticeProgress>(noProgress);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [now, setNow] = useState(() => new Date());
  /** Presses of "Rückfrage …"; the notice panel drafts the Nachforderung for each. */
  const [inquiry, setInquiry] = useState(0);

  const load = useCallback(
    () =>
      api.call('cases.get', { id: caseId }).then(
        (next) => {
          setView(next);
          setNow(new Date());
          setLoadError(null);
          return next;
        },
        (err: unknown) => {
          setLoadError(errorKey(err));
          return null;
        },
      ),
    [api, caseId],
  );

  // A case shows PDFs (its attachments, the Bescheid's preview): the viewer gets ready while it is read.
  useEffect(() => {
    void import('./pdf/pdfjs').then(({ preparePdf }) => preparePdf());
  }, []);

  useEffect(() => {
    void load();
    return api.on('cases.changed', ({ ids }) => {
      if (ids.includes(caseId)) void load();
    });
  }, [api, caseId, load]);

  const title = view ? (view.case.fileReference ?? t('case.titleWithoutReference')) : null;
  useScreenHeading(title ? t('case.documentTitle', { title }) : t('case.loadingTitle'), heading);

  /** Runs one transition; a refusal is shown here and re-thrown so an open dialog stays open. */
  const transition = async (action: CaseAction, extra: Extra = {}) => {
    if (!view) return;
    setBusy(true);
    setActionError(null);
    setDone(null);
    try {
      const updated = await api.call('cases.transition', {
        id: caseId,
        action,
        expectedVersion: view.case.version,
        ...extra,
      });
      // Said done only once the case is reloaded and ready: a shortcut pressed on hearing it must not be dropped.
      const next = await load();
      setDone({
        action,
        version: next?.case.version ?? updated.version,
        queued: await wasQueued(api, caseId),
      });
      // Focus goes on to the next step (archiving, after a rejection); when the case has none here (parked),
      // back to the inbox.
      const step = next && nextStep({ status: next.case.status, actions: next.actions }, noticeProgress);
      focusSoon(step ? [stepControl(step), stepControl('back')] : [stepControl('back')]);
    } catch (err) {
      setActionError({ key: errorKey(err), conflict: err instanceof ApiError && err.code === 'conflict' });
      throw err;
    } finally {
      setBusy(false);
    }
  };

  const start = (action: CaseAction) => {
    if (busy || !view?.actions.includes(action)) return;
    if (action === 'reject' || action === 'resubmit' || action === 'reassign' || action === 'handOver') {
      setDialog(action);
    } else if (action === 'inquire') setInquiry((count) => count + 1);
    else transition(action).catch(() => undefined);
  };

  const next: Step | null = view
    ? nextStep({ status: view.case.status, actions: view.actions }, noticeProgress)
    : null;
  useShortcut('claim', () => start('claim'));
  useShortcut('accept', () => start('accept'));
  useShortcut('reject', () => start('reject'));
  useShortcut('handOver', () => start('handOver'));
  useShortcut('inquire', () => start('inquire'));
  useShortcut('archive', () => start('archive'));
  useShortcut('nextStep', () => next && focusSoon([stepControl(next)]));
  useShortcut('verification', () => focusSoon([stepControl('verification')]));

  if (loadError && !view) {
    return (
      <div className="case-screen">
        <h1 ref={heading} tabIndex={-1}>
          {t('case.loadingTitle')}
        </h1>
        <ErrorAlert messageKey={loadError} />
        <a href={routeHash({ screen: 'inbox' })}>{t('case.back')}</a>
      </div>
    );
  }

  return (
    <div className="case-screen">
      <nav aria-label={t('case.breadcrumb')} className="breadcrumb">
        <a href={routeHash({ screen: 'inbox' })} data-step="back">
          {t('case.back')}
        </a>
      </nav>
      <h1 ref={heading} tabIndex={-1} data-testid="case-title">
        {view ? `${view.case.serviceName} – ${title}` : t('case.loadingTitle')}
      </h1>
      {view && (
        <>
          {view.purge && <PurgedNotice purge={view.purge} />}
          <div className="case-top">
            <section className="panel" aria-labelledby="facts-title">
              <h2 id="facts-title" className="visually-hidden">
                {t('case.factsTitle')}
              </h2>
              <CaseFacts view={view} now={now} />
            </section>
            <section className="panel" aria-labelledby="actions-title">
              <h2 id="actions-title">{t('case.actionsLabel')}</h2>
              <WorkflowBar actions={view.actions} next={next} busy={busy} onAction={start} />
              {/* A purged case has no form data left to print. */}
              {!view.purge && <SummaryActions caseId={caseId} />}
              <ErrorAlert messageKey={actionError?.key ?? null}>
                {actionError?.conflict && (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => void load().then(() => setActionError(null))}
                  >
                    {t('case.reload')}
                  </button>
                )}
              </ErrorAlert>
              <p role="status" className="status status-saved" data-testid="case-outcome">
                {done && done.version === view.case.version
                  ? done.queued
                    ? t('replica.queuedChange')
                    : t('case.done', { action: t(`actions.${done.action}`) })
                  : ''}
              </p>
            </section>
          </div>
          <div className="case-columns">
            <div className="case-main">
              {view.submissions.map((submission) => (
                <FormDataPanel
                  key={submission.submissionId}
                  submission={submission}
                  showSubmissionId={view.submissions.length > 1}
                />
              ))}
              <AttachmentsPanel
                caseId={caseId}
                attachments={view.attachments}
                zipName={t('attachments.zipName', {
                  name: (view.case.fileReference ?? view.case.id).replace(/[^\w.-]+/g, '-'),
                })}
              />
            </div>
            <div className="case-side">
              <ReceiptsPanel receipts={view.receipts} onRetried={() => void load()} />
              {!view.purge && (
                <VerificationPanel submissions={view.submissions} attachments={view.attachments} />
              )}
              <CaseTeamPanel view={view} onChanged={() => void load()} />
              <ReplicaPanel caseId={caseId} onSettled={() => void load()} />
              <NotesPanel caseId={caseId} notes={view.notes} onAdded={() => void load()} />
              <HistoryPanel history={view.history} />
            </div>
          </div>
          {/* Composing a notice beside its preview needs the full width. */}
          {!view.purge && <NoticePanel view={view} onProgress={setNoticeProgress} inquiry={inquiry} />}
          <HandoverDialog
            caseId={caseId}
            isOpen={dialog === 'handOver'}
            onClose={() => setDialog(null)}
            onConfirm={() => transition('handOver')}
          />
          <RejectDialog
            isOpen={dialog === 'reject'}
            technical={view.case.verification !== 'passed'}
            onClose={() => setDialog(null)}
            onConfirm={(rejection) => transition('reject', { rejection })}
          />
          <ResubmitDialog
            isOpen={dialog === 'resubmit'}
            onClose={() => setDialog(null)}
            onConfirm={(resubmitAt) => transition('resubmit', { resubmitAt })}
            today={authorityCalendarDate(new Date())}
          />
          <ReassignDialog
            isOpen={dialog === 'reassign'}
            onClose={() => setDialog(null)}
            onConfirm={(newAssignee) => transition('reassign', { newAssignee })}
            currentAssignee={view.case.assignee}
          />
        </>
      )}
    </div>
  );
}
