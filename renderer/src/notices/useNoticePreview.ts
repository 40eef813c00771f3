import { useEffect, useRef, useState } from 'react';
import type { NoticeDraft } from '../../../main/api/contract';
import { useApi } from '../api/context';
import { base64ToBytes } from '../files/base64';
import { useReconnected } from '../replica/useReconnected';
import type { MessageKey } from '../ui/errors';
import { noticeErrorKey } from './notice-errors';
import { previewDelay } from './preview-delay';

export interface NoticePreview {
  bytes: Uint8Array<ArrayBuffer> | null;
  updating: boolean;
  error: MessageKey | null;
}

/** The draft as main would seal it (unsealed, not stored), rendered again once the typing pauses. */
export function useNoticePreview(caseId: string, draft: NoticeDraft | null): NoticePreview {
  const api = useApi();
  const [bytes, setBytes] = useState<Uint8Array<ArrayBuffer> | null>(null);
  const [updating, setUpdating] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  /** The draft the last preview request was made for. */
  const requested = useRef<NoticeDraft | null>(null);
  /** Bumped when the service is reachable again: the preview that failed while it was gone is asked again. */
  const [retry, setRetry] = useState(0);
  useReconnected(() => {
    setError(null);
    setRetry((count) => count + 1);
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `retry` asks again for the same draft.
  useEffect(() => {
    if (draft === null) {
      requested.current = null;
      setBytes(null);
      setUpdating(false);
      setError(null);
      return;
    }
    let cancelled = false;
    setUpdating(true);
    const timer = setTimeout(
      () => {
        requested.current = draft;
        api.call('notices.preview', { caseId, draft }).then(
          (content) => {
            if (cancelled) return;
            setBytes(base64ToBytes(content.base64));
            setError(null);
            setUpdating(false);
          },
          (err: unknown) => {
            if (cancelled) return;
            setError(noticeErrorKey(err));
            setUpdating(false);
          },
        );
      },
      previewDelay(requested.current, draft),
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, caseId, draft, retry]);

  return { bytes, updating, error };
}
