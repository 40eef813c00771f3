/**
 * Notices in the case view: pick a template, edit the draft beside its live preview, seal it (final; a
 * correction is a new version), send it by the citizen's reply channel or print it for the post, and
 * follow every delivery as it happens (the outbox and case events reload the list).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView, NoticeDraft, NoticeTemplateInfo, NoticeView } from '../../../main/api/contract';
import { channelFor } from '../../../shared/delivery/channel';
import { useApi } from '../api/context';
import { useDesk } from '../app/desk-context';
import { PdfViewer } from '../case/PdfViewer';
import { base64ToBytes } from '../files/base64';
import { savePdf } from '../print/save-file';
import { usePrintPdf } from '../print/usePrintPdf';
import { ActionButton } from '../ui/ActionButton';
import { ErrorAlert } from '../ui/ErrorAlert';
import type { MessageKey } from '../ui/errors';
import { SelectField } from '../ui/SelectField';
import { NoticeComposer } from './NoticeComposer';
import { NoticeVersions } from './NoticeVersions';
import { mayIssueNotices } from './notice-access';
import { noticeErrorKey } from './notice-errors';
import { draftGaps } from './notice-gaps';
import { SealDialog } from './SealDialog';

type Bytes = Uint8Array<ArrayBuffer>;

/** How long typing pauses before the draft is kept in the vault. */
const KEEP_DRAFT_DELAY_MS = 400;

export function NoticePanel({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const api = useApi();
  const printPdf = usePrintPdf();
  const caseId = view.case.id;
  const canCompose = mayIssueNotices(view.case, useDesk().principal);
  const byPost = channelFor(view.case.replyChannel).channel === 'post';

  const [templates, setTemplates] = useState<NoticeTemplateInfo[]>([]);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [draft, setDraft] = useState<NoticeDraft | null>(null);
  const [notices, setNotices] = useState<NoticeView[]>([]);
  const [shown, setShown] = useState<{ notice: NoticeView; bytes: Bytes } | null>(null);
  const [sealOpen, setSealOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [status, setStatus] = useState('');
  const pdfs = useRef(new Map<string, Bytes>());

  const load = useCallback(
    () =>
      api.call('notices.list', { caseId }).then(setNotices, (err: unknown) => setError(noticeErrorKey(err))),
    [api, caseId],
  );

  useEffect(() => {
    void load();
    const offCase = api.on('cases.changed', ({ ids }) => {
      if (ids.length === 0 || ids.includes(caseId)) void load();
    });
    // Deliveries move through the outbox; its counts change with every step.
    const offOutbox = api.on('outbox.changed', () => void load());
    return () => {
      offCase();
      offOutbox();
    };
  }, [api, caseId, load]);

  useEffect(() => {
    if (!canCompose) return;
    api.call('notices.templates', {}).then(setTemplates, (err: unknown) => setError(noticeErrorKey(err)));
  }, [api, canCompose]);

  // The person's draft is kept in the vault as they write, so a lock, a sign-out or a colleague's session in
  // between loses nothing; it is read back when they open the case again. A pending save is sent when the
  // panel goes (another case, the lock screen), and a discarded draft is dropped at once.
  const keptLoaded = useRef(false);
  const pendingKeep = useRef<{ caseId: string; draft: NoticeDraft | null } | null>(null);
  const flushKeep = useCallback(() => {
    const pending = pendingKeep.current;
    pendingKeep.current = null;
    if (pending)
      api.call('notices.keepDraft', pending).catch((err: unknown) => setError(noticeErrorKey(err)));
  }, [api]);
  useEffect(() => {
    keptLoaded.current = false;
    if (!canCompose) return;
    api.call('notices.keptDraft', { caseId }).then(
      (kept) => {
        if (kept !== null) {
          setDraft(kept);
          setTemplateId(kept.templateId);
        }
        keptLoaded.current = true;
      },
      (err: unknown) => setError(noticeErrorKey(err)),
    );
    return flushKeep;
  }, [api, caseId, canCompose, flushKeep]);
  useEffect(() => {
    if (!keptLoaded.current) return;
    pendingKeep.current = { caseId, draft };
    if (draft === null) {
      flushKeep();
      return;
    }
    const timer = setTimeout(flushKeep, KEEP_DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [caseId, draft, flushKeep]);

  /** Runs one step; a refusal is shown in the panel's alert. */
  const run = async (step: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      await step();
    } catch (err) {
      setError(noticeErrorKey(err));
    } finally {
      setBusy(false);
    }
  };

  const pdfOf = async (notice: NoticeView): Promise<{ bytes: Bytes; filename: string }> => {
    const content = await api.call('notices.pdf', { noticeId: notice.id });
    const bytes = pdfs.current.get(notice.id) ?? base64ToBytes(content.base64);
    pdfs.current.set(notice.id, bytes);
    return { bytes, filename: content.filename };
  };

  const createDraft = () =>
    run(async () => {
      if (templateId === null) return;
      setDraft(await api.call('notices.draft', { caseId, templateId }));
      setStatus(t('notices.draftCreated'));
    });

  const seal = async () => {
    if (draft === null) return;
    const notice = await api.call('notices.seal', { caseId, draft });
    setDraft(null);
    setStatus(t('notices.sealed', { version: notice.version }));
    await load();
  };

  const gapCount = draft ? draftGaps(draft).length : 0;
  const nextVersion = Math.max(0, ...notices.map((notice) => notice.version)) + 1;
  const chosen = templates.find((template) => template.id === templateId);

  return (
    <section className="panel notice-panel" aria-labelledby="notices-title" data-testid="notices">
      <h2 id="notices-title">{t('notices.title')}</h2>
      <ErrorAlert messageKey={error} />
      <p role="status" className="status status-saved" data-testid="notices-status">
        {status}
      </p>
      {canCompose && (
        <div className="notice-start">
          <SelectField
            label={t('notices.template')}
            placeholder={t('notices.chooseTemplate')}
            options={templates.map((template) => ({ id: template.id, label: template.title }))}
            value={templateId}
            onChange={setTemplateId}
            testId="notice-template"
          />
          <ActionButton
            className="button"
            unavailable={busy || templateId === null}
            onPress={() => void createDraft()}
          >
            {draft ? t('notices.replaceDraft') : t('notices.createDraft')}
          </ActionButton>
        </div>
      )}
      {canCompose && draft && (
        <section className="notice-draft" aria-labelledby="notice-draft-title">
          <h3 id="notice-draft-title">{t('notices.draftTitle', { title: chosen?.title ?? draft.title })}</h3>
          <NoticeComposer caseId={caseId} draft={draft} onChange={setDraft} />
          <div className="notice-draft-actions">
            <ActionButton
              className="button button-primary"
              aria-haspopup="dialog"
              unavailable={busy || gapCount > 0}
              aria-describedby={gapCount > 0 ? 'notice-seal-blocked' : undefined}
              onPress={() => setSealOpen(true)}
            >
              {t('notices.seal')}
            </ActionButton>
            <button type="button" className="button button-quiet" onClick={() => setDraft(null)}>
              {t('notices.discardDraft')}
            </button>
            {gapCount > 0 && (
              <span id="notice-seal-blocked" className="hint">
                {t('notices.sealBlocked')}
              </span>
            )}
          </div>
          <SealDialog
            isOpen={sealOpen}
            title={draft.title}
            version={nextVersion}
            onClose={() => setSealOpen(false)}
            onConfirm={seal}
          />
        </section>
      )}
      <h3>{t('notices.versions')}</h3>
      <NoticeVersions
        notices={notices}
        shownId={shown?.notice.id ?? null}
        canSend={canCompose}
        byPost={byPost}
        busy={busy}
        actions={{
          show: (notice) =>
            void run(async () =>
              setShown(
                shown?.notice.id === notice.id ? null : { notice, bytes: (await pdfOf(notice)).bytes },
              ),
            ),
          print: (notice) =>
            void run(async () =>
              printPdf((await pdfOf(notice)).bytes, t('notices.version', { version: notice.version })),
            ),
          save: (notice) =>
            void run(async () => {
              const { bytes, filename } = await pdfOf(notice);
              savePdf(bytes, filename);
            }),
          send: (notice, channel) =>
            void run(async () => {
              const { created, delivery } = await api.call('notices.send', {
                noticeId: notice.id,
                ...(channel && { channel }),
              });
              const version = notice.version;
              setStatus(created ? t('notices.sent', { version }) : t('notices.alreadySent', { version }));
              await load();
              // "Drucken und per Post versenden": the print dialog comes at once; "posted" is marked after.
              if (delivery.channel === 'post') {
                await printPdf((await pdfOf(notice)).bytes, t('notices.version', { version }));
              }
            }),
          retry: (delivery) =>
            void run(async () => {
              if (delivery.outboxItemId === null) return;
              await api.call('outbox.retry', { id: delivery.outboxItemId });
              setStatus(t('notices.retried'));
              await load();
            }),
          markPosted: (notice) =>
            void run(async () => {
              await api.call('notices.markPosted', { noticeId: notice.id });
              setStatus(t('notices.markedPosted'));
              await load();
            }),
        }}
      />
      {shown && (
        <section className="preview" aria-labelledby="notice-shown-title">
          <h3 id="notice-shown-title">
            {t('notices.version', { version: shown.notice.version })}: {shown.notice.title}
          </h3>
          <PdfViewer bytes={shown.bytes} filename={shown.notice.title} />
        </section>
      )}
    </section>
  );
}
