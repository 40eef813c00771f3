import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outboxStates } from '../../../main/outbox/api';
import de from '../../../renderer/src/i18n/de.json';
import en from '../../../renderer/src/i18n/en.json';
import { inboxColumns } from '../../../renderer/src/inbox/columns';
import { shortcutTable } from '../../../renderer/src/keyboard/shortcuts';
import type { ErrorCode } from '../../../shared/api/result';
import { attachmentPurposes, caseStatuses, verificationStates } from '../../../shared/cases/types';
import { caseActions } from '../../../shared/cases/workflow';
import { REJECTION_PROBLEMS } from '../../../shared/fitconnect/problems';
import { testI18n } from '../../support/i18n';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

/** Every code of `ErrorCode`; the Record makes the compiler insist on all of them. */
const errorCodes = Object.keys({
  'invalid-input': 1,
  'unknown-call': 1,
  'forbidden-origin': 1,
  unauthorized: 1,
  forbidden: 1,
  'not-found': 1,
  conflict: 1,
  'invalid-transition': 1,
  unavailable: 1,
  'verification-failed': 1,
  'vault-error': 1,
  refused: 1,
  internal: 1,
} satisfies Record<ErrorCode, 1>);

const deKeys = flatten(de as Tree);
const enKeys = flatten(en as Tree);
const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const i18n = await testI18n();

/** A key exists when i18next resolves it (plural forms and keys containing dots included). */
const exists = (key: string, lng = 'de') => i18n.exists(key, { lng }) || i18n.exists(key, { lng, count: 2 });

describe('translations', () => {
  it('German and English have exactly the same keys', () => {
    expect([...deKeys.keys()].filter((key) => !enKeys.has(key))).toEqual([]);
    expect([...enKeys.keys()].filter((key) => !deKeys.has(key))).toEqual([]);
  });

  it('no text is empty, and both languages use the same placeholders', () => {
    for (const [key, text] of deKeys) {
      expect(text.trim(), key).not.toBe('');
      expect(variables(enKeys.get(key) ?? ''), key).toEqual(variables(text));
    }
  });

  it('every workflow status, action, verification state, outbox state and purpose has a label', () => {
    for (const lng of ['de', 'en']) {
      for (const status of caseStatuses) expect(exists(`status.${status}`, lng), status).toBe(true);
      for (const action of caseActions) {
        expect(exists(`actions.${action}`, lng), action).toBe(true);
        expect(exists(`history.actions.case.${action}`, lng), action).toBe(true);
      }
      for (const state of verificationStates) {
        expect(exists(`verification.states.${state}`, lng), state).toBe(true);
        expect(exists(`verification.${state}`, lng), state).toBe(true);
      }
      for (const state of outboxStates) expect(exists(`outbox.states.${state}`, lng), state).toBe(true);
      for (const code of errorCodes) expect(exists(`errors.${code}`, lng), code).toBe(true);
      for (const purpose of attachmentPurposes)
        expect(exists(`attachments.purposes.${purpose}`, lng)).toBe(true);
      for (const column of inboxColumns) expect(exists(`inbox.columns.${column.id}`, lng)).toBe(true);
      for (const entry of shortcutTable) {
        expect(exists(`shortcuts.actions.${entry.id}`, lng), entry.id).toBe(true);
        expect(exists(`shortcuts.scopes.${entry.scope}`, lng)).toBe(true);
      }
    }
  });

  it('every rejection problem has a label, the German one exactly the problem table title', () => {
    for (const [name, problem] of Object.entries(REJECTION_PROBLEMS)) {
      expect(i18n.t(`problems.${name}`, { lng: 'de' })).toBe(problem.title);
      expect(exists(`problems.${name}`, 'en'), name).toBe(true);
    }
    expect(Object.keys(de.problems).sort()).toEqual(Object.keys(REJECTION_PROBLEMS).sort());
  });

  it('resolves keys whose last part contains dots or slashes', () => {
    expect(i18n.t('verification.checks.data.hash')).toBe('Prüfsumme der Fachdaten');
    expect(i18n.t('history.actions.case.claim')).toBe('Übernommen');
    expect(i18n.t('attachments.types.application/pdf')).toBe('PDF');
    expect(i18n.t('inbox.count', { count: 1 })).toBe('1 Vorgang');
    expect(i18n.t('inbox.count', { count: 12 })).toBe('12 Vorgänge');
    expect(i18n.t(['errors.reasons.unknown-reason', 'errors.conflict'])).toBe(
      'Der Vorgang wurde inzwischen geändert. Bitte laden Sie ihn neu.',
    );
  });
});

const sourceDir = 'renderer/src';
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const sources = sourceFiles(sourceDir).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('renderer sources', () => {
  it('every literal key passed to t() or set as a message key exists', () => {
    const missing: string[] = [];
    for (const { path, text } of sources) {
      const literal =
        /\bt\(\s*'([a-zA-Z][\w.-]*)'|(?:messageKey=|setError\(|return )'([a-z][\w-]*\.[\w.-]+)'/g;
      for (const match of text.matchAll(literal)) {
        const key = match[1] ?? match[2] ?? '';
        if (!exists(key)) missing.push(`${path}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('components hold no words of their own: visible text comes from the translations', () => {
    const offenders: string[] = [];
    for (const { path, text } of sources.filter((source) => source.path.endsWith('.tsx'))) {
      // JSX text between tags, and label-like attributes given as string literals.
      // A tag ends in a name, quote, brace or slash before its `>` (not `=>` or ` > `); runs of code between
      // two type parameters contain ( ) ; = | & and are not JSX text either.
      for (const match of text.matchAll(/(?<=[\w"'}/])>\s*([^<>{}\s][^<>{}]*?)\s*</g)) {
        const candidate = match[1] ?? '';
        if (/\p{L}{2,}/u.test(candidate) && !/[();=|&]/.test(candidate))
          offenders.push(`${path}: ${candidate}`);
      }
      for (const match of text.matchAll(/\b(?:aria-label|title|alt|placeholder|label)="([^"]*)"/g)) {
        if (/\p{L}{2,}/u.test(match[1] ?? '')) offenders.push(`${path}: ${match[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
