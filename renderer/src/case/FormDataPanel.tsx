import { useMemo } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { SubmissionView } from '../../../main/api/contract';
import type { JsonValue } from '../../../shared/cases/types';
import { buildFormTree } from '../../../shared/forms/form-tree';
import { localeFor } from '../i18n';
import { FormTreeView } from './FormTreeView';

function parseJson(text: string): { ok: true; value: JsonValue } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false };
  }
}

/** One submission's form data: rendered from its schema, or raw as received (JSON or XML). */
export function FormDataPanel({
  submission,
  showSubmissionId,
}: {
  submission: SubmissionView;
  showSubmissionId: boolean;
}) {
  const { t, i18n } = useTranslation();
  const isJson = /json/i.test(submission.dataMimeType);
  const parsed = useMemo(
    () => (isJson ? parseJson(submission.data) : { ok: false as const }),
    [isJson, submission.data],
  );
  const tree = useMemo(
    () =>
      parsed.ok
        ? buildFormTree(submission.schema, parsed.value, {
            locale: localeFor(i18n.language),
            yes: t('form.yes'),
            no: t('form.no'),
            empty: t('common.none'),
            item: (n) => t('form.item', { n }),
          })
        : null,
    [parsed, submission.schema, i18n.language, t],
  );
  const raw = parsed.ok ? JSON.stringify(parsed.value, null, 2) : submission.data;
  const rawLabel = isJson ? t('form.rawJson') : t('form.rawXml');
  const id = submission.submissionId;

  return (
    <section className="panel form-data" aria-labelledby={`form-title-${id}`} data-testid="form-data">
      <h2 id={`form-title-${id}`}>
        {tree?.title ?? t('form.title')}
        {showSubmissionId && <span className="muted"> · {t('form.submission', { id })}</span>}
      </h2>
      {submission.schema === null && tree && <p className="hint">{t('form.noSchema')}</p>}
      <Tabs className="tabs" defaultSelectedKey={tree ? 'form' : 'raw'}>
        <TabList className="tab-list" aria-label={t('form.views')}>
          <Tab id="form" className="tab" isDisabled={!tree}>
            {t('form.formView')}
          </Tab>
          <Tab id="raw" className="tab">
            {rawLabel}
          </Tab>
        </TabList>
        <TabPanel id="form" className="tab-panel">
          {tree && <FormTreeView nodes={tree.nodes} />}
        </TabPanel>
        <TabPanel id="raw" className="tab-panel">
          {!tree && <p className="hint">{isJson ? t('form.invalidJson') : t('form.xmlRawOnly')}</p>}
          <pre className="raw" data-testid="raw-data">
            {raw}
          </pre>
        </TabPanel>
      </Tabs>
    </section>
  );
}
