/**
 * The case's attachments: purpose, type and size; PDFs and images shown in place, everything saved
 * under its (sanitized) file name, and all of them at once as a ZIP built here.
 */
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentRow } from '../../../shared/cases/types';
import { formatBytes } from '../../../shared/forms/format';
import { useApi } from '../api/context';
import { base64ToBytes } from '../files/base64';
import { saveBytes } from '../files/download';
import { localeFor } from '../i18n';
import { ActionButton } from '../ui/ActionButton';
import { ErrorAlert } from '../ui/ErrorAlert';
import { errorKey, type MessageKey } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { ScrollRegion } from '../ui/ScrollRegion';
import { storeZip, uniqueNames } from '../zip/store-zip';
import { ImageViewer } from './ImageViewer';
import { PdfViewer } from './PdfViewer';

type Bytes = Uint8Array<ArrayBuffer>;

const isPdf = (a: AttachmentRow) => a.mimeType === 'application/pdf';
const isImage = (a: AttachmentRow) => /^image\/(png|jpeg|gif|webp|bmp)$/.test(a.mimeType);

export function AttachmentsPanel({
  caseId,
  attachments,
  zipName,
}: {
  caseId: string;
  attachments: AttachmentRow[];
  zipName: string;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const locale = localeFor(i18n.language);
  const cache = useRef(new Map<string, Bytes>());
  const [shown, setShown] = useState<{ attachment: AttachmentRow; bytes: Bytes } | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [zipping, setZipping] = useState(false);

  const bytesOf = useCallback(
    async (attachment: AttachmentRow): Promise<Bytes> => {
      const cached = cache.current.get(attachment.id);
      if (cached) return cached;
      const content = await api.call('cases.attachment', { caseId, attachmentId: attachment.id });
      const bytes = base64ToBytes(content.base64);
      cache.current.set(attachment.id, bytes);
      return bytes;
    },
    [api, caseId],
  );

  const run = async (step: () => Promise<void>) => {
    setError(null);
    try {
      await step();
    } catch (err) {
      setError(errorKey(err));
    }
  };

  const show = (attachment: AttachmentRow) =>
    run(async () => setShown({ attachment, bytes: await bytesOf(attachment) }));
  const save = (attachment: AttachmentRow) =>
    run(async () => saveBytes(await bytesOf(attachment), attachment.filename, attachment.mimeType));
  const saveAll = () =>
    run(async () => {
      setZipping(true);
      try {
        const names = uniqueNames(attachments.map((a) => a.filename));
        const entries = [];
        for (const [index, attachment] of attachments.entries()) {
          entries.push({
            name: names[index] ?? attachment.filename,
            data: await bytesOf(attachment),
            modified: new Date(),
          });
        }
        saveBytes(storeZip(entries), zipName, 'application/zip');
      } finally {
        setZipping(false);
      }
    });

  return (
    <section className="panel" aria-labelledby="attachments-title" data-testid="attachments">
      <div className="panel-head">
        <h2 id="attachments-title">{t('attachments.title', { count: attachments.length })}</h2>
        {attachments.length > 1 && (
          <ActionButton className="button" unavailable={zipping} onPress={() => void saveAll()}>
            <Icon name="download" />
            {zipping ? t('attachments.zipping') : t('attachments.saveAll')}
          </ActionButton>
        )}
      </div>
      <ErrorAlert messageKey={error} />
      {attachments.length === 0 ? (
        <p className="muted">{t('attachments.none')}</p>
      ) : (
        <ScrollRegion label={t('attachments.tableLabel')}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('attachments.columns.file')}</th>
                <th scope="col">{t('attachments.columns.purpose')}</th>
                <th scope="col">{t('attachments.columns.type')}</th>
                <th scope="col" className="num">
                  {t('attachments.columns.size')}
                </th>
                <th scope="col">{t('attachments.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {attachments.map((attachment) => (
                <tr key={attachment.id} data-testid="attachment-row">
                  <td className="wrap-anywhere">{attachment.filename}</td>
                  <td>{t(`attachments.purposes.${attachment.purpose}`)}</td>
                  <td>
                    {t(`attachments.types.${attachment.mimeType}`, { defaultValue: attachment.mimeType })}
                  </td>
                  <td className="num">{formatBytes(attachment.size, { locale })}</td>
                  <td className="cell-actions">
                    {(isPdf(attachment) || isImage(attachment)) && (
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={t('attachments.showNamed', { name: attachment.filename })}
                        aria-pressed={shown?.attachment.id === attachment.id}
                        onClick={() => void show(attachment)}
                      >
                        {t('attachments.show')}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      aria-label={t('attachments.saveNamed', { name: attachment.filename })}
                      onClick={() => void save(attachment)}
                    >
                      {t('attachments.save')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {shown && (
        <section className="preview" aria-labelledby="preview-title">
          <h3 id="preview-title">{t('attachments.preview', { name: shown.attachment.filename })}</h3>
          {isPdf(shown.attachment) ? (
            <PdfViewer bytes={shown.bytes} filename={shown.attachment.filename} />
          ) : (
            <ImageViewer
              bytes={shown.bytes}
              filename={shown.attachment.filename}
              mimeType={shown.attachment.mimeType}
            />
          )}
        </section>
      )}
    </section>
  );
}
