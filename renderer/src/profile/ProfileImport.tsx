/**
 * Importing a department profile: pick the JSON file (a real file picker, reachable by keyboard), main
 * validates it completely and stores it whole or not at all. A refusal lists every issue main reports,
 * each with its place in the file; a success shows what was imported (nothing secret).
 */
import { useRef, useState } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ProfileImportResult } from '../../../main/api/contract';
import { ApiError, type ApiIssue } from '../../../shared/api/result';
import { useApi } from '../api/context';
import { errorKey, type MessageKey } from '../ui/errors';
import { Icon } from '../ui/Icon';
import { issuePath, issueText } from './issue-text';
import { ProfileSummaryView } from './ProfileSummaryView';

/** Larger than any real profile (keys and a seal are a few kB each); the contract allows 5 MB. */
const MAX_PROFILE_BYTES = 5_000_000;

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy'; fileName: string }
  | { kind: 'failed'; fileName: string; messageKey: MessageKey; issues: readonly ApiIssue[] }
  | { kind: 'imported'; fileName: string; result: ProfileImportResult };

function failureKey(error: unknown): MessageKey {
  const reason = error instanceof ApiError ? error.reason : undefined;
  const base = errorKey(error);
  return reason ? [`profile.errors.${reason}`, ...(Array.isArray(base) ? base : [base])] : base;
}

export function ProfileImport({ onImported }: { onImported?: (result: ProfileImportResult) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const resultRef = useRef<HTMLDivElement>(null);

  const importFile = async (file: File) => {
    setOutcome({ kind: 'busy', fileName: file.name });
    let next: Outcome;
    try {
      if (file.size > MAX_PROFILE_BYTES) {
        throw new ApiError('invalid-input', 'too large', undefined, 'profile-too-large');
      }
      const result = await api.call('setup.importProfile', { profile: await file.text() });
      next = { kind: 'imported', fileName: file.name, result };
      onImported?.(result);
    } catch (error) {
      const issues = error instanceof ApiError ? (error.issues ?? []) : [];
      next = { kind: 'failed', fileName: file.name, messageKey: failureKey(error), issues };
    }
    setOutcome(next);
    // The result replaces the picker's neighbourhood: take the reader there.
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const failedCount = outcome.kind === 'failed' ? outcome.issues.length : 0;
  return (
    <div className="profile-import" data-testid="profile-import">
      <p>{t('profile.importHint')}</p>
      <FileTrigger
        acceptedFileTypes={['application/json', '.json']}
        onSelect={(files) => {
          const file = files?.[0];
          if (file) void importFile(file);
        }}
      >
        <Button className="button button-primary" isDisabled={outcome.kind === 'busy'}>
          {t('profile.chooseFile')}
        </Button>
      </FileTrigger>
      <p role="status" className="status" data-testid="profile-import-status">
        {outcome.kind === 'busy' && t('profile.checking', { file: outcome.fileName })}
        {outcome.kind === 'imported' && t('profile.imported', { file: outcome.fileName })}
      </p>
      <div ref={resultRef} tabIndex={-1} className="profile-import-result">
        {outcome.kind === 'failed' && (
          <div role="alert" className="alert profile-issues" data-testid="profile-issues">
            <Icon name="error" />
            <div>
              <p>
                <strong>{t('profile.refused', { file: outcome.fileName })}</strong>{' '}
                {t(outcome.messageKey, { count: failedCount })}
              </p>
              {failedCount > 0 && (
                <ul>
                  {outcome.issues.map((issue, index) => (
                    // Issues have no id; the same path may carry several codes.
                    // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced as a whole
                    <li key={index} data-testid="profile-issue">
                      <code>{issuePath(t, issue)}</code>: {issueText(t, issue)}
                    </li>
                  ))}
                </ul>
              )}
              <p>{t('profile.nothingStored')}</p>
            </div>
          </div>
        )}
        {outcome.kind === 'imported' && <ProfileSummaryView profile={outcome.result.profile} />}
      </div>
    </div>
  );
}
