/**
 * Wires the services into one application object that every transport serves: the handlers for the
 * contract, the event hub, and an orderly shutdown. Knows nothing of Electron or HTTP.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/result';
import { can } from '../../shared/auth/roles';
import type { AppInfo, SessionState } from '../api/contract';
import { createDispatcher, type Dispatch, type Handlers } from '../api/dispatch';
import { createEventHub, type EventHub } from '../api/events';
import { AuditLog } from '../audit';
import type { OpenBrowser } from '../auth/authorize';
import type { DeliveryEnvironment } from '../delivery/types';
import type { FileSystem } from '../files/fs';
import type { Logger } from '../log/logger';
import type { Outbox } from '../outbox';
import { defaultManagedProfilePaths } from '../profile/managed';
import { isWorkstationProfile } from '../profile/types';
import { noReplicaHandlers } from '../replica/handlers';
import { settingsHandlers } from '../settings/handlers';
import { createUserSettings, type KeyValueStore } from '../settings/user-settings';
import { type Store, vaultStore } from '../store';
import { openVault, type Vault, type VaultKeyProvider } from '../vault';
import { departmentMode } from './department-mode';
import { integrityWiring } from './integrity-handlers';
import { startNotifications } from './notifications';
import { composeServices } from './services';
import { setupHandlers } from './setup-handlers';
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
  /** The fallback poll for new submissions (default `DEFAULT_POLL_INTERVAL_MS`). */
  pollIntervalMs?: number;
  /** The desktop shell's system print dialog for the window's print view; absent in browser mode. */
  printPage?: () => Promise<void>;
  /** The desktop shell's notifications; absent in browser mode. */
  showNotification?: (title: string, body: string) => void;
  now?: () => Date;
  /** Where IT may roll out a department profile; default the platform's usual places. */
  managedProfilePaths?: readonly string[];
  /** The file system archive packages are written through; tests inject a failing one. */
  archiveFileSystem?: FileSystem;
  /** Wraps the delivery environment read from the profiles; tests inject a fault (a seal key that does not fit). */
  deliveryEnvironment?: (fromProfiles: DeliveryEnvironment) => DeliveryEnvironment;
  /** Department mode: how the service is reached (Node's fetch unless a test needs another). */
  departmentFetch?: typeof fetch;
}

export interface AntragsdeskApp {
  dispatch: Dispatch;
  events: EventHub;
  workstation: Workstation;
  vault: Vault;
  /** The vault as the asynchronous store the services reach it through. */
  store: Store;
  outbox: Outbox;
  /** The audit log on the vault, synchronous: the start-up integrity check and tests read it. */
  audit: AuditLog;
  /** Where the delivery service sends callbacks: `${callbackUrl}/callbacks/${destinationId}`. */
  callbackUrl: string;
  /** Starts the local demo platform and identity provider and imports the demo profiles (idempotent). */
  startDemo(): Promise<DemoEnvironment>;
  close(): Promise<void>;
}

const IDLE_CHECK_MS = 15_000;

/**
 * The demo (the local platform and identity provider) is loaded only when it starts, so `platform/` stays
 * out of the app's import graph; its types are taken from the module without importing it.
 */
type DemoModule = typeof import('../demo/demo-environment');
type DemoEnvironment = Awaited<ReturnType<DemoModule['startDemoEnvironment']>>;
type DemoEnvironmentOptions = Parameters<DemoModule['startDemoEnvironment']>[0];
const loadDemo = (): Promise<DemoModule> =>
  // biome-ignore lint/style/noRestrictedImports: the one sanctioned way in: loaded on demand, never bundled into the app's graph.
  import('../demo/demo-environment');

export async function createApp(options: AppOptions): Promise<AntragsdeskApp> {
  const now = options.now ?? (() => new Date());
  const events = createEventHub();
  const settings = createUserSettings(options.settingsStore);
  const vault = openVault({
    dir: join(options.profileDir, 'vault'),
    key: await options.vaultKey.loadOrCreate(),
    now,
  });
  const store = vaultStore(vault, { now });
  const workstation = new Workstation({
    settingsStore: options.settingsStore,
    secretStore: store.secrets,
    openBrowser: options.openBrowser ?? ((url) => events.emit('session.openBrowser', { url })),
    now,
    managedProfilePaths: options.managedProfilePaths ?? defaultManagedProfilePaths(),
  });
  const audit = new AuditLog({ vault, now });
  // The integrity check at start walks the chain synchronously, before any other work runs.
  const integrity = integrityWiring({
    vault,
    audit,
    workstation,
    log: options.log,
    now,
  });
  // A rolled-out profile that cannot be used leaves the workstation as it was; the code says why.
  await workstation.importManagedProfile().catch((error: unknown) => {
    options.log.warn('profile.managed-refused', { code: (error as { code?: string }).code ?? 'unknown' });
  });
  const me = () => workstation.principal();
  // The services here read single-workstation profiles only; in department mode the service runs them.
  const services = await composeServices({
    store,
    events,
    profiles: {
      profiles: () => workstation.workstationProfiles(),
      profileOfDepartment: (department) => workstation.profileOfDepartment(department),
    },
    me,
    auditHead: () => vault.auditHead(),
    log: options.log,
    appVersion: options.version,
    dataDir: options.profileDir,
    ...(options.printPage && { printPage: options.printPage }),
    ...(options.showNotification && { showNotification: options.showNotification }),
    ...(options.archiveFileSystem && { archiveFileSystem: options.archiveFileSystem }),
    ...(options.deliveryEnvironment && { deliveryEnvironment: options.deliveryEnvironment }),
    now,
  });
  const { desk, outbox, subscribers } = services;
  services.start();
  const notifications = await startNotifications({
    workstation,
    secretStore: store.secrets,
    subscribers,
    events,
    log: options.log,
    ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
  });

  let demo: Promise<DemoEnvironment> | null = null;
  const startDemo = (): Promise<DemoEnvironment> => {
    // A real installation never runs the demo platform and identity provider beside its own.
    if (workstation.profiles().some((profile) => !profile.demo)) {
      return Promise.reject(
        new ApiError('forbidden', 'The demo starts only on a workstation without a department profile.'),
      );
    }
    demo ??= (async () => {
      const demoDir = join(options.profileDir, 'demo');
      const { startDemoEnvironment } = await loadDemo();
      const environment = await startDemoEnvironment({ ...options.demoOptions, dataDir: demoDir });
      try {
        // The demo's hand-over and DMS folders lie inside the demo folder; all its profiles or none.
        await workstation.importProfiles(environment.profiles, demoDir, async (stored) => {
          // The demo's Fachverfahren and DMS are folders; a real importer would create its own.
          const targets = stored
            .filter(isWorkstationProfile)
            .flatMap((profile) => [profile.handover, profile.archive]);
          for (const target of targets) {
            if (target.kind === 'hotFolder') await mkdir(target.path, { recursive: true, mode: 0o700 });
          }
          // The demo's staff are known by name from the start, so a team lead can assign cases to them.
          for (const person of environment.people) await desk.rememberPerson(person);
          await subscribers.reset();
        });
      } catch (error) {
        // A start failing half-way leaves nothing running and nothing imported.
        await environment.close();
        throw error;
      }
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
      department.update();
      events.emit('session.changed', state);
    }
    return state;
  };
  const department = departmentMode({
    workstation,
    events,
    log: options.log,
    sessionChanged,
    replica: vault.replica,
    now,
    ...(options.departmentFetch && { fetch: options.departmentFetch }),
  });
  department.update();
  const idleTimer = setInterval(() => {
    if (workstation.profiles().length === 0) return;
    workstation.authService().tick();
    sessionChanged();
  }, IDLE_CHECK_MS);
  idleTimer.unref();

  const outboxDepartment = (): string | null => {
    try {
      const principal = me();
      return can(principal, 'case.read') ? principal.department : null;
    } catch {
      return null;
    }
  };
  const unsubscribers = [
    outbox.subscribe(() => {
      // The counts go to the person signed in: their department's, and none to anyone else.
      const department = outboxDepartment();
      if (department === null) return;
      outbox.summary(department).then(
        (counts) => events.emit('outbox.changed', counts),
        (error: unknown) => options.log.error('outbox.counts-failed', { error: (error as Error).name }),
      );
    }),
  ];
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
    ...settingsHandlers(settings),
    ...setupHandlers({
      workstation,
      startDemo,
      profilesChanged: () => subscribers.reset(),
      signedIn: (principal) => desk.rememberPerson(principal),
      sessionChanged,
    }),
    ...services.handlers,
    ...integrity.handlers,
    // Offline commands are the department service's: a workstation on its own vault has nothing queued.
    'commands.apply': () => {
      throw new ApiError(
        'refused',
        'Offline commands are applied by the department service.',
        undefined,
        'department-mode-only',
      );
    },
    ...noReplicaHandlers(),
  };

  return {
    dispatch: department.dispatch(createDispatcher(handlers, options.log)),
    events,
    workstation,
    vault,
    store,
    outbox,
    audit,
    callbackUrl: notifications.callbackUrl,
    startDemo,
    close: async () => {
      clearInterval(idleTimer);
      department.close();
      for (const unsubscribe of unsubscribers) unsubscribe();
      await notifications.close();
      await services.close();
      if (demo) await (await demo.catch(() => null))?.close();
      vault.close();
    },
  };
}
