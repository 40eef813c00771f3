/**
 * Whether the audit trail can be trusted: the chain walked (at start from the last verified entry, on
 * demand from the first) and compared with the anchor the vault keeps outside the database. A cut-off
 * tail, a dropped commit or an edited entry each show here; what is found names entry ids and counts
 * only, so it may be logged.
 */

import type { AuditIntegrity, AuditVerification } from '../../shared/audit/types';
import type { Vault } from '../vault';
import type { AnchorCheck, ChainHead } from '../vault/audit-anchor';
import type { AuditLog } from './log';

export function checkAuditTrail(
  vault: Pick<Vault, 'auditHead' | 'auditAnchor' | 'auditVerifiedHead' | 'markAuditVerified'>,
  audit: Pick<AuditLog, 'verify'>,
  options: { full: boolean; now: Date },
): AuditIntegrity {
  const head = vault.auditHead();
  const chain = audit.verify(options.full ? undefined : vault.auditVerifiedHead());
  const result = auditIntegrity(head, chain, vault.auditAnchor, options);
  // The mark only moves over an unbroken chain, so a break is found again at every start.
  if (result.intact) vault.markAuditVerified(head);
  return result;
}

/** The check's verdict from the chain's head, its walk and its anchor; any store's check ends here. */
export function auditIntegrity(
  head: ChainHead,
  chain: AuditVerification,
  anchor: AnchorCheck,
  options: { full: boolean; now: Date },
): AuditIntegrity {
  const anchorSound = anchor.state === 'match' || anchor.state === 'absent';
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
