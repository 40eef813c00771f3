import { describe, expect, it } from 'vitest';
import type { AuditIntegrity } from '../../../main/api/contract';
import { integrityFindings } from '../../../renderer/src/integrity/integrity-text';
import { errorKey } from '../../../renderer/src/ui/errors';
import { ApiError } from '../../../shared/api/result';
import { testI18n } from '../../support/i18n';

const intact: AuditIntegrity = {
  intact: true,
  checkedAt: '2026-01-05T08:00:00.000Z',
  full: false,
  entries: 10,
  verified: 10,
  firstBreak: null,
  triggersIntact: true,
  anchor: 'match',
  missing: 0,
};

describe('damage told plainly', () => {
  it('says how many audit entries are missing and where the chain breaks', async () => {
    const i18n = await testI18n();
    expect(integrityFindings(i18n.t, { ...intact, intact: false, anchor: 'shorter', missing: 2 })).toEqual([
      'Im Prüfprotokoll fehlen 2 Einträge, die schon gespeichert waren.',
    ]);
    const broken = integrityFindings(i18n.t, {
      ...intact,
      intact: false,
      firstBreak: { id: 3, reason: 'hash-mismatch' },
    });
    expect(broken).toEqual([
      'Das Prüfprotokoll ist ab Eintrag 3 verändert: Der Inhalt des Eintrags passt nicht zu seiner Prüfsumme.',
    ]);
    expect(i18n.t('integrity.whatToDo')).toMatch(/IT.*Sicherung/);
  });

  it('shows a damaged page met while working as damage with what to do, not as a case’s error code', async () => {
    const i18n = await testI18n();
    const error = new ApiError(
      'vault-error',
      'The vault file is damaged [case c-1]',
      undefined,
      'vault-corrupt',
    );
    const text = i18n.t(errorKey(error));
    expect(text).toContain('beschädigt');
    expect(text).toMatch(/IT.*Sicherung/);
  });
});
