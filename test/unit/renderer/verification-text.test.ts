import { describe, expect, it } from 'vitest';
import type { VerificationCheck } from '../../../main/api/contract';
import { VERIFICATION_REASONS } from '../../../main/fitconnect/subscriber/reasons';
import { checkText } from '../../../renderer/src/case/verification-text';
import de from '../../../renderer/src/i18n/de.json';
import en from '../../../renderer/src/i18n/en.json';
import { auditOutcomes, SYSTEM_ACTOR } from '../../../shared/audit/types';
import { testI18n } from '../../support/i18n';

const i18n = await testI18n();

const languages = { de, en };
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const wording = (lng: 'de' | 'en') => {
  const fixed = i18n.cloneInstance({ lng });
  return {
    i18n: fixed,
    fileName: (id: string) => (id === 'a1' ? 'Meldebescheinigung.pdf' : undefined),
    dateTime: (iso: string) => `[${iso}]`,
  };
};

describe('the reasons of the verification checks', () => {
  it('each has a sentence in German and English using exactly its parameters', () => {
    for (const [lng, resources] of Object.entries(languages)) {
      const reasons: Record<string, string> = resources.verification.reasons;
      for (const [reason, params] of Object.entries(VERIFICATION_REASONS)) {
        // Plural forms (a `count` parameter) may stand in for the plain key.
        const forms = Object.keys(reasons).filter((key) => key.replace(/_(one|other)$/, '') === reason);
        expect(forms, `${lng}: ${reason}`).not.toEqual([]);
        for (const form of forms) {
          expect(placeholders(reasons[form] ?? ''), `${lng}: ${form}`).toEqual([...params].sort());
        }
      }
      const known = new Set(Object.keys(VERIFICATION_REASONS));
      const stale = Object.keys(reasons).filter((key) => !known.has(key.replace(/_(one|other)$/, '')));
      expect(stale, lng).toEqual([]);
    }
  });

  it('say the outcome in the language of the UI, naming parts and attachments', () => {
    const differ: VerificationCheck = {
      check: 'authentication-tags',
      passed: false,
      reason: 'tags.differ',
      params: { parts: ['data', 'a1', 'b2'] },
      detail: 'The authentication tags differ …',
    };
    expect(checkText(differ, wording('de'))).toBe(
      'Die Authentication-Tags weichen vom submit-submission-Event ab (Teile vertauscht oder ersetzt): Fachdaten, Meldebescheinigung.pdf, b2.',
    );
    expect(checkText(differ, wording('en'))).toBe(
      'The authentication tags differ from the submit-submission event (parts swapped or replaced): form data, Meldebescheinigung.pdf, b2.',
    );
    const decrypted: VerificationCheck = {
      check: 'metadata.decrypt',
      passed: true,
      reason: 'metadata.decrypted',
      detail: 'The metadata decrypted and its integrity tag verified.',
    };
    expect(checkText(decrypted, wording('de'))).toBe(
      'Die Metadaten wurden entschlüsselt, ihr Integritäts-Tag ist geprüft.',
    );
    const submitted: VerificationCheck = {
      check: 'events.submit',
      passed: true,
      reason: 'events.submit-verified',
      params: { issuedAt: '2026-11-29T08:00:00.000Z' },
      detail: '',
    };
    expect(checkText(submitted, wording('de'))).toBe(
      'Das submit-submission-Event des Zustelldienstes ist gültig (ausgestellt am [2026-11-29T08:00:00.000Z]).',
    );
  });

  it('choose the plural form by the count', () => {
    const violated = (count: number): VerificationCheck => ({
      check: 'data.schema',
      passed: false,
      reason: 'data.schema-violated',
      params: { schemaUri: 'urn:s', count, issues: ['/a (required)'] },
      detail: '',
    });
    expect(checkText(violated(1), wording('de'))).toBe(
      'Die Fachdaten verletzen ihr Schema urn:s an 1 Stelle: /a (required).',
    );
    expect(checkText(violated(4), wording('de'))).toBe(
      'Die Fachdaten verletzen ihr Schema urn:s an 4 Stellen, darunter: /a (required).',
    );
  });

  it('show the stored English detail for reports written before reasons, or a reason not known here', () => {
    const old: VerificationCheck = { check: 'data.hash', passed: true, detail: 'The SHA-512 matches.' };
    expect(checkText(old, wording('de'))).toBe('The SHA-512 matches.');
    const unknown: VerificationCheck = { ...old, reason: 'data.from-the-future', params: {} };
    expect(checkText(unknown, wording('de'))).toBe('The SHA-512 matches.');
  });
});

describe('the history', () => {
  it('names the system actor and every audit outcome in both languages', () => {
    for (const lng of ['de', 'en']) {
      expect(i18n.t('history.system', { lng }), lng).toBe('System');
      for (const outcome of auditOutcomes) {
        expect(i18n.exists(`history.outcomes.${outcome}`, { lng }), `${lng}: ${outcome}`).toBe(true);
      }
    }
    // Entries already stored name the system actor so.
    expect(SYSTEM_ACTOR).toBe('system');
  });
});
