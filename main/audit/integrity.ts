/**
 * Whether the audit trail can be trusted: the chain walked (at start from the last verified entry, on
 * demand from the first) and compared with the anchor the vault keeps outside the database. A cut-off
 * tail, a dropped commit or an edited entry each show here; what is found names entry ids and counts
 * only, so it may be logged.
 */

import type { AuditIntegrity } from '../../shared/audit/types';
import type { Vault } from '../vault';
import type { AuditLog } from './log';

export function checkAuditTrail(
  vault: Pick<Vault, 'auditHead' | 'auditAnchor' | 'auditVerifiedHead' | 'markAuditVerified'>,
  audit: Pick<AuditLog, 'verify'>,
  options: { full: boolean; now: Date },
): AuditIntegrity {
  const head = vault.auditHead();
  const chain = audit.verify(options.full ? undefined : vault.auditVerifiedHead());
  const anchor = vault.auditAnchor;
  const anchorSound = anchor.state === 'match' || anchor.state === 'absent';
  // The mark only moves over an unbroken chain, so a break is found again at every start.
  if (chain.ok && anchorSound) vault.markAuditVerified(head);
  return {
    intact: chain.ok && anchorSound,
    checkedAt: options.now.toISOString(),
    full: options.full,
    entries: head.count,
    verified: chain.checked,
    firstBreak: chain.firstBreak,
    triggersIntact: chain.triggersIntact,
    anchor: anchor.state,
    missing: anchor.state === 'shorter' ? anchor.anchored - anchor.present : 0,
  };
}
