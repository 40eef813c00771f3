/**
 * The archive in the app: the outbox handler for `archive` items and the retention purge on a timer and on
 * demand for a Teamleitung (`archive.purgeDue`). An open case view learns of a hand-over's or an archive's
 * state changes through `reportCaseChanges` (case-events.ts), as for every outbox item of a case.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../../shared/audit/types';
import type { Principal } from '../../shared/auth/roles';
import type { Handlers } from '../api/dispatch';
import type { EventHub } from '../api/events';
import { ArchiveService } from '../archive/service';
import type { AuditLog } from '../audit';
import { requirePermission } from '../auth/permission';
import type { SecretStore } from '../auth/secret-store';
import { DELIVERY_ITEM_TYPES } from '../desk/receipt-views';
import type { FileSystem } from '../files/fs';
import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox';
import type { StoredDepartmentProfile } from '../profile/types';
import type { Vault } from '../vault';
import type { Letterhead, SummarySource } from './application-summary';

export interface ArchiveDependencies {
  vault: Vault;
  audit: AuditLog;
  outbox: Outbox;
  events: EventHub;
  secretStore: SecretStore;
  log: Logger;
  profileFor(department: string): StoredDepartmentProfile;
  profiles(): StoredDepartmentProfile[];
  /** The Antragsübersicht renderer the print call uses (main/app/application-summary.ts). */
  summaryPdf(source: SummarySource, letterhead: Letterhead): Promise<Uint8Array>;
  /** The signed-in person. */
  principal(): Principal;
  appVersion: string;
  profileDir: string;
  fs?: FileSystem;
  now(): Date;
}

export interface ArchiveWiring {
  service: ArchiveService;
  handlers: Pick<Handlers, 'archive.purgeDue'>;
  close(): void;
}

/** How often the timer looks for cases whose retention has passed. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export function archiveWiring(deps: ArchiveDependencies): ArchiveWiring {
  const stagingDir = join(deps.profileDir, 'archive-staging');
  // A package left by an upload the last process did not finish holds a case in plain form: it goes now,
  // before the outbox starts (the retry builds it anew).
  rmSync(stagingDir, { recursive: true, force: true });
  const service = new ArchiveService({
    vault: deps.vault,
    audit: deps.audit,
    secretStore: deps.secretStore,
    profileFor: deps.profileFor,
    profiles: deps.profiles,
    // The same Antragsübersicht as the print call, with the same letterhead.
    summaryPdf: (detail) => deps.summaryPdf(detail, deps.profileFor(detail.case.department).department),
    appVersion: deps.appVersion,
    stagingDir,
    ...(deps.fs && { fs: deps.fs }),
    now: deps.now,
  });
  deps.outbox.register(DELIVERY_ITEM_TYPES.archive, service.deliver);

  const purgeDue = async (actor: string, departments?: readonly string[]) => {
    const result = await service.purgeDue(actor, departments);
    if (result.purged > 0 || result.failed > 0) {
      deps.log.info('archive.purge', { purged: result.purged, failed: result.failed });
      deps.events.emit('cases.changed', { ids: [] });
    }
    return result;
  };
  const timer = setInterval(() => {
    purgeDue(SYSTEM_ACTOR).catch((error: unknown) =>
      deps.log.error('archive.purge-failed', { error: (error as Error).name }),
    );
  }, PURGE_INTERVAL_MS);
  timer.unref();

  return {
    service,
    handlers: {
      'archive.purgeDue': () => {
        const principal = deps.principal();
        // Deleting a department's data is the Teamleitung's decision (the role that sees every case).
        requirePermission(principal, 'case.readAll');
        return purgeDue(principal.userId, [principal.department]);
      },
    },
    close: () => {
      clearInterval(timer);
    },
  };
}
