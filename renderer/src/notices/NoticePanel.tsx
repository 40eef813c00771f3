/**
 * Notices in the case view: pick a template, edit the draft beside its live preview, seal it (final; a
 * correction is a new version), send it by the citizen's reply channel or print it for the post, and
 * follow every delivery as it happens (the outbox and case events reload the list).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView, NoticeDraft, NoticeTemplateInfo, NoticeView } from '../../../main/api/contract';
import { channelFor } from '../../../shared/delivery/channel';
import { useApi } from '../api/context';
import { useDesk } from '../app/desk-context';
import { type NoticeProgress, stepControl } from '../case/next-step';
import { PdfViewer } from '../case/PdfViewer';
import { base64ToBytes } from '../files/base64';
import { focusSoon } from '../keyboard/focus-soon';
import { useShortcut } from '../keyboard/ShortcutProvider';
import { savePdf } from '../print/save-file';
import { usePrintPdf } from '../print/usePrintPdf';
import { useReconnected } from '../replica/useReconnected';
import { ActionButton } from '../ui/ActionButton';
import { ErrorAlert } from '../ui/ErrorAlert';
import type { MessageKey } from '../ui/errors';
import { SelectField } from '../ui/SelectField';
import { NoticeComposer } from './NoticeComposer';
import { NoticeVersions, type VersionActions } from './NoticeVersions';
import { mayIssueNotices } from './notice-access';
import { noticeErrorKey } from './notice-errors';
import { draftGaps } from './notice-gaps';
import { currentStatus, type NoticeStatus } from './notice-status';
import { SealDialog } from './SealDialog';

type Bytes = Uint8Array<ArrayBuffer>;

/** How long typing pauses before the draft is kept in the vault. */
const KEEP_DRAFT_DELAY_MS = 400;

export function NoticePanel({
  view,
  onProgress,
  inquiry = 0,
}: {
  view: CaseView;
  /** Tells the case view how far the Bescheid has got, for its "next step". */
  onProgress?: (progress: NoticeProgress) => void;
  /** Counts the presses of "Rückfrage …": each drafts the Nachforderung (the template of kind `request`). */
  inquiry?: number;
}) {
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
  const [status, setStatus] = useState<NoticeStatus>({ text: '' });
  /** The draft last discarded or replaced, until the person undoes that or moves on. */
  const [discarded, setDiscarded] = useState<NoticeDraft | null>(null);
  const pdfs = useRef(new Map<string, Bytes>());

  const load = useCallback(
    () =>
      api.call('notices.list', { caseId }).then(setNotices, (err: unknown) => setError(noticeErrorKey(err))),
    [api, caseId],
  );

  useReconnected(() => {
    setError(null);
    void load();
  });

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
    api.call('notices.templates', {}).then(
      (loaded) => {
        setTemplates(loaded);
        // The standard path's Bescheid is offered first: drafting it is one key press.
        setTemplateId(
          (chosen) => chosen ?? loaded.find((template) => template.kind === 'approval')?.id ?? null,
        );
      },
      (err: unknown) => setError(noticeErrorKey(err)),
    );
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
    setStatus({ text: '' });
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

  const createDraft = (from = templateId) =>
    run(async () => {
      if (from === null) return;
      const created = await api.call('notices.draft', { caseId, templateId: from });
      if (draft) setDiscarded(draft);
      setDraft(created);
      setStatus({ text: draft ? t('notices.draftReplaced') : t('notices.draftCreated') });
      focusSoon(
        draftGaps(created).length > 0
          ? [stepControl('fillGap'), '#notice-draft-title']
          : [stepControl('seal')],
      );
    });

  const inquiryDrafted = useRef(0);
  useEffect(() => {
    const request = templates.find((template) => template.kind === 'request');
    if (inquiry === inquiryDrafted.current || request === undefined) return;
    inquiryDrafted.current = inquiry;
    setTemplateId(request.id);
    void createDraft(request.id);
  });

  const discardDraft = () => {
    setDiscarded(draft);
    setDraft(null);
    setStatus({ text: t('notices.draftDiscarded') });
    focusSoon([stepControl('undo')]);
  };

  const undoDiscard = () => {
    if (discarded === null) return;
    setDraft(discarded);
    setDiscarded(null);
    setStatus({ text: t('notices.draftRestored') });
    focusSoon(['#notice-draft-title']);
  };

  const seal = async () => {
    if (draft === null) return;
    const notice = await api.call('notices.seal', { caseId, draft });
    setDraft(null);
    setDiscarded(null);
    setStatus({ text: t('notices.sealed', { version: notice.version }) });
    await load();
    focusSoon([stepControl('send'), stepControl('compose')]);
  };

  const gapCount = draft ? draftGaps(draft).length : 0;
  const progress = useMemo<NoticeProgress>(() => {
    const bescheide = notices.filter((notice) => notice.kind === 'approval' || notice.kind === 'rejection');
    return {
      draft: draft !== null,
      gaps: gapCount,
      unsentBescheid: canCompose && bescheide.some((notice) => notice.deliveries.length === 0),
      toPost: bescheide.some((notice) => notice.deliveries.some((delivery) => delivery.state === 'print')),
      sentBescheid: bescheide.some((notice) => notice.deliveries.length > 0),
    };
  }, [notices, draft, gapCount, canCompose]);
  useEffect(() => onProgress?.(progress), [onProgress, progress]);

  const newestUnsent = [...notices]
    .sort((a, b) => b.version - a.version)
    .find((notice) => notice.deliveries.length === 0);
  const toPost = notices.find((notice) => notice.deliveries.some((delivery) => delivery.state === 'print'));
  const actions: VersionActions = {
    show: (notice) =>
      void run(async () =>
        setShown(shown?.notice.id === notice.id ? null : { notice, bytes: (await pdfOf(notice)).bytes }),
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
        setStatus({
          text: created ? t('notices.sent', { version }) : t('notices.alreadySent', { version }),
          about: { noticeId: notice.id, channel: delivery.channel, state: delivery.state },
        });
        await load();
        if (delivery.channel === 'post') focusSoon([stepControl('markPosted')]);
        // A Rückfrage sent: the case waits for the citizen, the person goes on with the next case.
        else if (notice.kind === 'request') focusSoon([stepControl('back')]);
        else {
          focusSoon([stepControl('delivery')]);
          // Archiving is offered once the citizen has it; focus goes there if the person waited for it.
          focusSoon([stepControl('archive')], { whileOn: stepControl('delivery') });
        }
        // "Drucken und per Post versenden": the print dialog comes at once; "posted" is marked after.
        if (delivery.channel === 'post') {
          await printPdf((await pdfOf(notice)).bytes, t('notices.version', { version }));
        }
      }),
    retry: (delivery) =>
      void run(async () => {
        if (delivery.outboxItemId === null) return;
        await api.call('outbox.retry', { id: delivery.outboxItemId });
        setStatus({
          text: t('notices.retried'),
          about: { noticeId: delivery.noticeId, channel: delivery.channel, state: 'retrying' },
        });
        await load();
      }),
    markPosted: (notice) =>
      void run(async () => {
        await api.call('notices.markPosted', { noticeId: notice.id });
        setStatus({ text: t('notices.markedPosted') });
        await load();
        // Archiving is offered once the case view has heard of it.
        focusSoon([stepControl('archive')]);
      }),
  };

  useShortcut('compose', () => (draft ? focusSoon(['#notice-draft-title']) : void createDraft()), canCompose);
  useShortcut('seal', () => draft && gapCount === 0 && !busy && setSealOpen(true), canCompose);
  useShortcut('send', () => newestUnsent && actions.send(newestUnsent), canCompose);
  useShortcut('markPosted', () => toPost && actions.markPosted(toPost), canCompose);
  const nextVersion = Math.max(0, ...notices.map((notice) => notice.version)) + 1;
  const chosen = templates.find((template) => template.id === templateId);

  return (
    <section className="panel notice-panel" aria-labelledby="notices-title" data-testid="notices">
      <h2 id="notices-title">{t('notices.title')}</h2>
      <ErrorAlert messageKey={error} />
      <p role="status" className="status status-saved" data-testid="notices-status">
        {currentStatus(status, notices)}
        {discarded && !draft && (
          <>
            {' '}
            <button type="button" className="button button-small" data-step="undo" onClick={undoDiscard}>
              {t('notices.undoDiscard')}
            </button>
          </>
        )}
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
            data-step="compose"
            aria-keyshortcuts="b"
            unavailable={busy || templateId === null}
            onPress={() => void createDraft()}
          >
            {draft ? t('notices.replaceDraft') : t('notices.createDraft')}
          </ActionButton>
        </div>
      )}
      {canCompose && draft && (
        <section className="notice-draft" aria-labelledby="notice-draft-title">
          <h3 id="notice-draft-title" tabIndex={-1}>
            {t('notices.draftTitle', { title: chosen?.title ?? draft.title })}
          </h3>
          <NoticeComposer caseId={caseId} draft={draft} onChange={setDraft} />
          <div className="notice-draft-actions">
            <ActionButton
              className="button button-primary"
              aria-haspopup="dialog"
              data-step="seal"
              aria-keyshortcuts="S"
              unavailable={busy || gapCount > 0}
              aria-describedby={gapCount > 0 ? 'notice-seal-blocked' : undefined}
              onPress={() => setSealOpen(true)}
            >
              {t('notices.seal')}
            </ActionButton>
            <button type="button" className="button button-quiet" onClick={discardDraft}>
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
        actions={actions}
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
