/**
 * What a check of the audit trail found, as sentences: what happened first, then what to do. Pure, so
 * the banner and Administration's panel say the same and a test can read it.
 */
import type { TFunction } from 'i18next';
import type { AuditIntegrity } from '../../../main/api/contract';

export function integrityFindings(t: TFunction, result: AuditIntegrity): string[] {
  const found: string[] = [];
  if (result.anchor === 'shorter') found.push(t('integrity.missing', { count: result.missing }));
  if (result.anchor === 'differs' || result.anchor === 'invalid') found.push(t('integrity.differs'));
  if (result.firstBreak) {
    found.push(
      t('integrity.broken', {
        id: result.firstBreak.id,
        reason: t(`integrity.reasons.${result.firstBreak.reason}`),
      }),
    );
  }
  if (!result.triggersIntact) found.push(t('integrity.unprotected'));
  return found;
}
