/**
 * Wires the services into one application object that every transport serves: the handlers for the
 * contract, the event hub, and an orderly shutdown. Knows nothing of Electron or HTTP.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppInfo, OutboxItemView, SessionState } from '../api/contract';
import { createDispatcher, type Dispatch, type Handlers } from '../api/dispatch';
import { createEventHub, type EventHub } from '../api/events';
import { AuditLog } from '../audit';
import type { OpenBrowser } from '../auth/authorize';
import { requirePermission } from '../auth/roles';
import type { DeliveryEnvironment } from '../delivery/types';
import {
  type DemoEnvironment,
  type DemoEnvironmentOptions,
  startDemoEnvironment,
} from '../demo/demo-environment';
import { DeskService } from '../desk/desk-service';
import type { FileSystem } from '../files/fs';
import { loadSchemaCatalog } from '../forms/schema-catalog';
import { readMappingDirectory } from '../handover/mapping/load';
import { HandoverService } from '../handover/service';
import type { Logger } from '../log/logger';
import { Outbox, type OutboxItem } from '../outbox';
import { defaultManagedProfilePaths } from '../profile/managed';
import { createUserSettings, type KeyValueStore } from '../settings/user-settings';
import { openVault, type Vault, type VaultKeyProvider } from '../vault';
import { vaultPreferences, vaultSecretStore } from '../vault/workstation';
import { caseSummaryRenderer } from './application-summary';
import { archiveWiring } from './archive-handlers';
import { reportCaseChanges } from './case-events';
import {
  createNoticeService,
  noticeHandlers,
  profileDeliveryEnvironment,
  startNoticeDelivery,
} from './notice-handlers';
import { assetsDir } from './paths';
import { printHandlers } from './print-handlers';
import { setupHandlers } from './setup-handlers';
import { DepartmentSubscribers } from './subscriber';
import { Workstation } from './workstation';

export interface AppOptions {
  mode: AppInfo['mode'];
  demo: boolean;
  version: string;
  electronVersion: string | null;
  settingsStore: KeyValueStore;
  log: Logger;
  /** The person's profile folder: the encrypted vault (and in demo mode the demo platform) live here. */
  profileDir: string;
  vaultKey: VaultKeyProvider;
  /** Opens the identity provider's sign-in page; by default the renderer is asked to (browser mode). */
  openBrowser?: OpenBrowser;
  /** Demo mode's options (seed count; in tests, pre-made keys and a shared seal). */
  demoOptions?: Omit<DemoEnvironmentOptions, 'dataDir'>;
  /** The desktop shell's system print dialog for the window's print view; absent in browser mode. */
  printPage?: () => Promise<void>;
  now?: () => Date;
  /** Where IT may roll out a department profile; default the platform's usual places. */
  managedProfilePaths?: readonly string[];
  /** The file system archive packages are written through; tests inject a failing one. */
  archiveFileSystem?: FileSystem;
  /** Wraps the delivery environment read from the profiles; tests inject a fault (a seal key that does not fit). */
  deliveryEnvironment?: (fromProfiles: DeliveryEnvironment) => DeliveryEnvironment;
}

export interface AntragsdeskApp {
  dispatch: Dispatch;
  events: EventHub;
  workstation: Workstation;
  vault: Vault;
  outbox: Outbox;
  audit: AuditLog;
  /** Starts the local demo platform and identity provider and imports the demo profiles (idempotent). */
  startDemo(): Promise<DemoEnvironment>;
  close(): Promise<void>;
}

const IDLE_CHECK_MS = 15_000;

export async function createApp(options: AppOptions): Promise<AntragsdeskApp> {
  const now = options.now ?? (() => new Date());
  const events = createEventHub();
  const settings = createUserSettings(options.settingsStore);
  const vault = openVault({
    dir: join(options.profileDir, 'vault'),
    key: await options.vaultKey.loadOrCreate(),
    now,
  });
  const outbox = new Outbox({
    vault,
    now,
    onError: (error) => options.log.error('outbox.worker-error', { error: (error as Error).name }),
  });
  const audit = new AuditLog({ vault, now });
  const workstation = new Workstation({
    settingsStore: options.settingsStore,
    secretStore: vaultSecretStore(vault.transaction, now),
    openBrowser: options.openBrowser ?? ((url) => events.emit('session.openBrowser', { url })),
    now,
    managedProfilePaths: options.managedProfilePaths ?? defaultManagedProfilePaths(),
  });
  // A rolled-out profile that cannot be used leaves the workstation as it was; the code says why.
  await workstation.importManagedProfile().catch((error: unknown) => {
    options.log.warn('profile.managed-refused', { code: (error as { code?: string }).code ?? 'unknown' });
  });
  const catalog = loadSchemaCatalog(join(assetsDir(), 'services'));
  const preferences = vaultPreferences(vault.transaction);
  const desk = new DeskService({
    vault,
    outbox,
    audit,
    preferences,
    schemaFor: catalog.schemaFor,
    fileReferenceRule: (principal, serviceIdentifier) => {
      const profile = workstation.profileOf(principal);
      const service = profile.services.find((s) => s.identifier === serviceIdentifier);
      // A service the profile does not list still gets a unique reference, under a neutral code.
      return { pattern: profile.department.fileReferencePattern, serviceCode: service?.code ?? 'ALLG' };
    },
    processingDays: (principal, serviceIdentifier) =>
      workstation.profileOf(principal).services.find((s) => s.identifier === serviceIdentifier)
        ?.deadlineDays ?? null,
    queueStatusUpdate: (tx, caseRow, status) => {
      notices.enqueueStatusUpdate(tx, caseRow, status);
    },
    now,
  });

  const summaryPdf = caseSummaryRenderer({ schemaFor: catalog.schemaFor, now });
  const secretStore = vaultSecretStore(vault.transaction, now);
  const handover = new HandoverService({
    vault,
    audit,
    secretStore,
    mappings: await readMappingDirectory(join(assetsDir(), 'mappings')),
    profileFor: (department) => workstation.profileOfDepartment(department),
  });
  outbox.register('handover', handover.deliver);
  const notices = createNoticeService({ vault, outbox, audit, workstation, secretStore, now });
  const deliveryEnvironment = profileDeliveryEnvironment(workstation, secretStore, now);
  startNoticeDelivery(
    outbox,
    notices,
    options.deliveryEnvironment?.(deliveryEnvironment) ?? deliveryEnvironment,
  );
  const archive = archiveWiring({
    vault,
    audit,
    outbox,
    events,
    secretStore,
    log: options.log,
    profileFor: (department) => workstation.profileOfDepartment(department),
    profiles: () => workstation.profiles(),
    summaryPdf,
    principal: () => workstation.principal(),
    appVersion: options.version,
    profileDir: options.profileDir,
    ...(options.archiveFileSystem && { fs: options.archiveFileSystem }),
    now,
  });
  const subscribers = new DepartmentSubscribers({
    vault,
    audit,
    catalog,
    secretStore,
    profileOf: (department) => workstation.profileOfDepartment(department),
    now,
  });
  outbox.register('fitconnect.event', subscribers.deliverEvent);
  outbox.start();

  let demo: Promise<DemoEnvironment> | null = null;
  const startDemo = (): Promise<DemoEnvironment> => {
    demo ??= (async () => {
      const demoDir = join(options.profileDir, 'demo');
      const environment = await startDemoEnvironment({ ...options.demoOptions, dataDir: demoDir });
      // The demo's hand-over and DMS folders lie inside the demo folder.
      for (const profile of environment.profiles) {
        const stored = await workstation.importProfile(profile, demoDir);
        // The demo's Fachverfahren and DMS are folders; a real importer would create its own.
        for (const target of [stored.handover, stored.archive]) {
          if (target.kind === 'hotFolder') await mkdir(target.path, { recursive: true });
        }
      }
      // The demo's staff are known by name from the start, so a team lead can assign cases to them.
      for (const person of environment.people) desk.rememberPerson(person);
      await subscribers.reset();
      options.log.info('demo.started', { platform: environment.platform.url });
      return environment;
    })().catch((error: unknown) => {
      demo = null;
      throw error;
    });
    return demo;
  };

  let lastSession = JSON.stringify(workstation.state());
  const sessionChanged = (): SessionState => {
    const state = workstation.state();
    const serialized = JSON.stringify(state);
    if (serialized !== lastSession) {
      lastSession = serialized;
      events.emit('session.changed', state);
    }
    return state;
  };
  const idleTimer = setInterval(() => {
    if (workstation.profiles().length === 0) return;
    workstation.authService().tick();
    sessionChanged();
  }, IDLE_CHECK_MS);
  idleTimer.unref();

  const unsubscribers = [
    outbox.subscribe(() => events.emit('outbox.changed', outbox.summary())),
    reportCaseChanges(outbox, events),
  ];
  const me = () => workstation.principal();
  const caseWorker = (action: 'case.read' | 'case.process') => {
    const principal = me();
    requirePermission(principal, action);
    return principal;
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Antragsdesk',
      version: options.version,
      mode: options.mode,
      demo: options.demo,
      electron: options.electronVersion,
      node: process.versions.node,
      locale: settings.get().language,
    }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    ...setupHandlers({
      workstation,
      startDemo,
      profilesChanged: () => subscribers.reset(),
      signedIn: (principal) => desk.rememberPerson(principal),
      sessionChanged,
    }),
    'cases.list': (input) => desk.list(caseWorker('case.read'), input),
    'cases.services': () => desk.services(caseWorker('case.read')),
    'cases.colleagues': () => desk.colleagues(caseWorker('case.read')),
    'cases.get': ({ id }) => desk.get(caseWorker('case.read'), id),
    'cases.transition': (input) => {
      const row = desk.transition(caseWorker('case.process'), input);
      events.emit('cases.changed', { ids: [row.id] });
      return row;
    },
    'cases.bulkTransition': ({ ids, action }) => {
      const result = desk.bulkTransition(caseWorker('case.process'), ids, action);
      events.emit('cases.changed', { ids: result.results.filter((r) => r.ok).map((r) => r.id) });
      return result;
    },
    'cases.handoverPreview': ({ id }) => {
      desk.get(caseWorker('case.read'), id);
      const record = handover.preview(id);
      return {
        format: record.format,
        fileName: record.document.fileName,
        text: record.document.text,
        problems: record.problems.map((problem) => ({ target: problem.target, reason: problem.reason })),
      };
    },
    'cases.addNote': ({ id, text }) => desk.addNote(caseWorker('case.process'), id, text),
    'cases.attachment': ({ caseId, attachmentId }) =>
      desk.attachment(caseWorker('case.read'), caseId, attachmentId),
    'filters.list': () => desk.savedFilters(caseWorker('case.read')),
    'filters.save': ({ name, query }) => desk.saveFilter(caseWorker('case.read'), name, query),
    'filters.delete': ({ id }) => desk.deleteFilter(caseWorker('case.read'), id),
    'sync.run': async () => {
      const { department } = caseWorker('case.read');
      const { listed, fetched, failed, gone } = await subscribers.sync(department, (progress) =>
        events.emit('sync.progress', progress),
      );
      events.emit('cases.changed', { ids: [] });
      return { listed, fetched, failed, gone };
    },
    'sync.status': () => subscribers.status(caseWorker('case.read').department),
    'outbox.counts': () => outbox.summary(),
    'outbox.list': ({ state }) => {
      caseWorker('case.read');
      return outbox.list(state ? { state } : {}).map(outboxView);
    },
    'outbox.retry': ({ id }) => {
      caseWorker('case.process');
      outbox.retry(id);
    },
    ...printHandlers({
      desk,
      caseWorker,
      letterhead: (principal) => workstation.profileOf(principal).department,
      summaryPdf,
      ...(options.printPage && { printPage: options.printPage }),
    }),
    ...archive.handlers,
    ...noticeHandlers({
      notices,
      desk,
      vault,
      events,
      caseWorker,
      preferences,
      caseFieldRules: (principal, serviceIdentifier) => {
        const profile = workstation.profileOf(principal);
        const fee = profile.services.find((s) => s.identifier === serviceIdentifier)?.fee;
        return {
          ...(fee && { fee }),
          ...(profile.notices.replyDays && { replyDays: profile.notices.replyDays }),
        };
      },
      now,
    }),
  };

  return {
    dispatch: createDispatcher(handlers, options.log),
    events,
    workstation,
    vault,
    outbox,
    audit,
    startDemo,
    close: async () => {
      clearInterval(idleTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
      archive.close();
      await outbox.stop();
      await subscribers.close();
      if (demo) await (await demo.catch(() => null))?.close();
      vault.close();
    },
  };
}

function outboxView(item: OutboxItem): OutboxItemView {
  return {
    id: item.id,
    type: item.type,
    caseId: item.caseId,
    state: item.state,
    attempts: item.attempts,
    lastError: item.lastError,
    nextAttemptAt: item.state === 'pending' ? item.nextAttemptAt : null,
    createdAt: item.createdAt,
  };
}
