/**
 * Words for the issues main reports about a profile: an i18n key per issue code with its parameters. An
 * issue code this renderer does not know yet is shown with main's English message, never dropped.
 */
import type { TFunction } from 'i18next';
import type { ApiIssue } from '../../../shared/api/result';

const param = (issue: ApiIssue, name: string) => issue.params?.[name];

export function issueText(t: TFunction, issue: ApiIssue): string {
  const code = issue.code ?? '';
  if (code === 'not-json' && param(issue, 'line') !== undefined) {
    return t('profile.issues.not-json-at', { line: param(issue, 'line'), column: param(issue, 'column') });
  }
  if (code === 'wrong-type') {
    const expected = String(param(issue, 'expected') ?? '');
    return t('profile.issues.wrong-type', {
      expected: t([`profile.types.${expected}`, 'profile.types.other'], { type: expected }),
    });
  }
  if (code === 'one-of') {
    const forms = param(issue, 'forms');
    return t('profile.issues.one-of', { forms: Array.isArray(forms) ? forms.join(', ') : '' });
  }
  const values = Object.fromEntries(
    Object.entries(issue.params ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
  return t([`profile.issues.${code}`, 'profile.issues.unknown'], { ...values, message: issue.message });
}

/** The JSON pointer as people read it; the whole document is named rather than shown as `/`. */
export function issuePath(t: TFunction, issue: ApiIssue): string {
  return issue.path === '/' || issue.path === '' ? t('profile.wholeFile') : issue.path;
}
