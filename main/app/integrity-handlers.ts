/**
 * The trust check of the vault: the audit trail verified at start (from the last verified entry) and in
 * full on demand, with the database's own integrity check for Administration. A broken trail is shown to
 * everyone signed in and logged by ids and counts only.
 */
import type { CallName } from '../api/contract';
import type { Handlers } from '../api/dispatch';
import { type AuditIntegrity, type AuditLog, checkAuditTrail } from '../audit';
import { requirePermission } from '../auth/permission';
import type { Logger } from '../log/logger';
import type { Vault } from '../vault';
import type { Workstation } from './workstation';

type IntegrityCall = Extract<CallName, `integrity.${string}`>;

/** Database findings shown at most: each is one line of SQLite's integrity check. */
const MAX_FINDINGS = 20;

export interface IntegrityOptions {
  vault: Vault;
  audit: AuditLog;
  workstation: Workstation;
  log: Logger;
  now(): Date;
}

export function integrityWiring(options: IntegrityOptions): { handlers: Pick<Handlers, IntegrityCall> } {
  const { vault, audit, workstation, log, now } = options;
  const check = (full: boolean): AuditIntegrity => {
    const result = checkAuditTrail(vault, audit, { full, now: now() });
    if (!result.intact) {
      log.error('audit.integrity-failed', {
        anchor: result.anchor,
        missing: result.missing,
        entries: result.entries,
        breakAt: result.firstBreak?.id ?? null,
        reason: result.firstBreak?.reason ?? null,
        triggersIntact: result.triggersIntact,
      });
    }
    return result;
  };
  let latest = check(false);
  return {
    handlers: {
      'integrity.status': () => {
        workstation.principal();
        return latest;
      },
      'integrity.check': () => {
        requirePermission(workstation.principal(), 'settings.manage');
        latest = check(true);
        const findings = vault.integrityCheck();
        if (findings.length > 0) log.error('vault.integrity-failed', { findings: findings.length });
        return {
          audit: latest,
          database: { ok: findings.length === 0, findings: findings.slice(0, MAX_FINDINGS) },
        };
      },
    },
  };
}
