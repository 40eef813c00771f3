/**
 * One department as the service serves it: the services composed on the department's own store (scoped to
 * it in the database), its profile, and the calls the workstation answers from its own state (app, session,
 * setup, settings, integrity) answered for the calling person. Every department of the service gets one.
 */
import { ApiError } from '../../shared/api/result';
import type { SessionState, SyncSummary } from '../api/contract';
import { createDispatcher, type Dispatch, type Handlers } from '../api/dispatch';
import { createEventHub, type EventHub } from '../api/events';
import { composeServices, type Services } from '../app/services';
import type { AuditIntegrity } from '../audit';
import { requirePermission } from '../auth/permission';
import { applyOfflineCommand, type CommandLedger } from '../commands/apply';
import type { Logger } from '../log/logger';
import { profileSummary } from '../profile/summary';
import type { StoredDepartmentProfile } from '../profile/types';
import { noReplicaHandlers } from '../replica/handlers';
import { createUserSettings, defaultUserSettings } from '../settings/user-settings';
import type { Store } from '../store';
import type { ChainHead } from '../vault';
import { currentCaller, currentPrincipal } from './caller';

export interface DepartmentOptions {
  store: Store;
  profile: StoredDepartmentProfile;
  log: Logger;
  version: string;
  dataDir: string;
  /**
   * A person's "Synchronisieren": the department's intake runs on whichever instance holds each destination,
   * so this asks it and waits for what it fetched.
   */
  sync(department: string): Promise<SyncSummary>;
  /** Where the department's applied offline commands are kept (each applied once). */
  commands: CommandLedger;
  now: () => Date;
}

export interface Department {
  id: string;
  profile: StoredDepartmentProfile;
  dispatch: Dispatch;
  /** What the department's services announce; the service relays it to every instance's clients. */
  events: EventHub;
  services: Services;
  close(): Promise<void>;
}

export async function openDepartment(options: DepartmentOptions): Promise<Department> {
  const { store, profile, now } = options;
  const events = createEventHub();
  const profiles = {
    profiles: () => [profile],
    profileOfDepartment: (department: string) => {
      if (department !== profile.department.id) {
        throw new ApiError('forbidden', `Department ${department} is not served here.`);
      }
      return profile;
    },
  };
  let integrity = await checkAuditTrail(store, now);
  const services = await composeServices({
    store,
    events,
    profiles,
    me: currentPrincipal,
    auditHead: () => integrity.head,
    log: options.log,
    appVersion: options.version,
    dataDir: options.dataDir,
    now,
  });

  const session = (): SessionState => ({
    status: 'signed-in',
    principal: currentPrincipal(),
    departmentName: profile.department.name,
    idleMinutes: profile.identityProvider.idleMinutes,
  });
  const requireCaseReader = () => {
    const principal = currentPrincipal();
    requirePermission(principal, 'case.read');
    return principal;
  };
  const configuredByIt = () => {
    throw new ApiError('forbidden', 'The department service takes its profiles from its configuration.');
  };
  // A person's display settings (language, theme) live in the store with their other preferences.
  const settingsOf = () => {
    const { userId } = currentPrincipal();
    return {
      get: async () => {
        const stored = await store.preferences.get(userId, 'settings');
        return stored === null ? defaultUserSettings : { ...defaultUserSettings, ...JSON.parse(stored) };
      },
      set: (value: unknown) => store.preferences.set(userId, 'settings', JSON.stringify(value)),
    };
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Antragsdesk',
      version: options.version,
      mode: 'department',
      demo: profile.demo === true,
      electron: null,
      node: process.versions.node,
      locale: 'de',
    }),
    'settings.get': async () => validSettings(await settingsOf().get()),
    'settings.update': async (patch) => {
      const settings = settingsOf();
      const next = validSettings({ ...(await settings.get()), ...patch }, true);
      await settings.set(next);
      return next;
    },
    'session.current': session,
    // A call that got here carries a valid token: the person is signed in.
    'session.signIn': session,
    'session.unlock': session,
    'session.signOut': () => {
      currentCaller().endSession?.();
      return { status: 'signed-out', departmentName: profile.department.name };
    },
    'session.activity': () => undefined,
    'setup.startDemo': configuredByIt,
    'setup.importProfile': configuredByIt,
    'setup.profiles': () => {
      requirePermission(currentPrincipal(), 'settings.manage');
      return { profiles: [profileSummary(profile)], managedPath: null };
    },
    'integrity.status': () => {
      currentPrincipal();
      return integrity.report;
    },
    'integrity.check': async () => {
      requirePermission(currentPrincipal(), 'settings.manage');
      integrity = await checkAuditTrail(store, now);
      if (!integrity.report.intact) {
        options.log.error('audit.integrity-failed', {
          department: profile.department.id,
          breakAt: integrity.report.firstBreak?.id ?? null,
        });
      }
      // PostgreSQL checks its own pages (data checksums); there is no file-level check to run here.
      return { audit: integrity.report, database: { ok: true, findings: [] } };
    },
    ...services.handlers,
    'sync.run': () => options.sync(requireCaseReader().department),
    'commands.apply': (command, ctx) =>
      applyOfflineCommand(command, {
        ledger: options.commands,
        userId: currentPrincipal().userId,
        call: (name, input) => dispatch(name, input, ctx),
        caseNow: async (caseId) => {
          const { version, assignee } = await store.cases.row(caseId);
          return { version, assignee };
        },
      }),
    // The replica is the workstation's; a browser on the service keeps none.
    ...noReplicaHandlers(),
  };
  services.start();
  const dispatch = createDispatcher(handlers, options.log);
  // Colleagues are known by name once they called (as at a workstation once they signed in there): a team
  // lead assigns to them, the inbox names them. Kept by this instance per person, checked once.
  const remembered = new Set<string>();

  return {
    id: profile.department.id,
    profile,
    dispatch: async (name, input, ctx) => {
      const principal = currentPrincipal();
      if (!remembered.has(principal.userId)) {
        await services.desk.rememberPerson(principal);
        remembered.add(principal.userId);
      }
      return dispatch(name, input, ctx);
    },
    events,
    services,
    close: () => services.close(),
  };
}

/** A hand-edited or older value falls back to the defaults; an update must be valid. */
function validSettings(value: unknown, strict = false) {
  const settings = createUserSettings({ get: () => value, set: () => undefined });
  if (strict) return settings.update({});
  return settings.get();
}

/** The department's audit chain verified in full: at start, and when Administration asks. */
async function checkAuditTrail(
  store: Store,
  now: () => Date,
): Promise<{ report: AuditIntegrity; head: ChainHead }> {
  const result = await store.audit.verify();
  return {
    head: { count: result.checked, hash: result.headHash ?? '' },
    report: {
      intact: result.ok,
      checkedAt: now().toISOString(),
      full: true,
      entries: result.checked,
      verified: result.checked,
      firstBreak: result.firstBreak,
      triggersIntact: result.triggersIntact,
      anchor: 'absent',
      missing: 0,
    },
  };
}
