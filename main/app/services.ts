/**
 * The services every transport serves, composed on one `Store`: desk, workflow, hand-over, notices and
 * their delivery, archive, sync and the outbox that carries their effects. The person of a call is asked for
 * per call (`me`), so the same composition serves the workstation's one signed-in person and the department
 * service's many people (whose principal each request carries). Knows nothing of Electron, HTTP or the vault.
 */
import { join } from 'node:path';
import type { Principal } from '../../shared/auth/roles';
import type { Handlers } from '../api/dispatch';
import type { EventHub } from '../api/events';
import { requirePermission } from '../auth/permission';
import type { DeliveryEnvironment } from '../delivery/types';
import { DeskService } from '../desk/desk-service';
import { deskHandlers } from '../desk/handlers';
import type { FileSystem } from '../files/fs';
import { syncHandlers } from '../fitconnect/handlers';
import { loadSchemaCatalog } from '../forms/schema-catalog';
import { handoverHandlers } from '../handover/handlers';
import { readMappingDirectory } from '../handover/mapping/load';
import { HandoverService } from '../handover/service';
import type { Logger } from '../log/logger';
import { Outbox } from '../outbox';
import { outboxHandlers } from '../outbox/handlers';
import type { StoredDepartmentProfile } from '../profile/types';
import type { Store } from '../store';
import { teamHandlers } from '../team/handlers';
import { TeamNotifications } from '../team/notifications';
import { TeamService } from '../team/team-service';
import type { ChainHead } from '../vault';
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
import { DepartmentSubscribers } from './subscriber';

/** The department profiles the services read their settings from. */
export interface DepartmentProfiles {
  profiles(): StoredDepartmentProfile[];
  profileOfDepartment(department: string): StoredDepartmentProfile;
}

/** The calls the services answer; the rest (app, settings, session, setup, integrity) is the host's. */
export type ServiceCall = Exclude<
  keyof Handlers,
  | 'app.info'
  | `settings.${string}`
  | `session.${string}`
  | `setup.${string}`
  | `integrity.${string}`
  // Each composition answers these itself: the service applies them, a lone workstation has none.
  | `commands.${string}`
  | `replica.${string}`
>;

export interface ServiceOptions {
  store: Store;
  events: EventHub;
  profiles: DepartmentProfiles;
  /** The person of the current call; throws when there is none (not signed in, locked). */
  me(): Principal;
  /** The head of the audit chain, named in archive packages. */
  auditHead(): ChainHead;
  log: Logger;
  appVersion: string;
  /** Scratch space of this process: archive packages are staged here. */
  dataDir: string;
  /** The desktop shell's system print dialog; absent elsewhere. */
  printPage?: () => Promise<void>;
  /** The desktop shell's notifications; absent elsewhere (a browser shows its own). */
  showNotification?: (title: string, body: string) => void;
  /** The file system archive packages are written through; tests inject a failing one. */
  archiveFileSystem?: FileSystem;
  /** Wraps the delivery environment read from the profiles; tests inject a fault. */
  deliveryEnvironment?: (fromProfiles: DeliveryEnvironment) => DeliveryEnvironment;
  now: () => Date;
}

export interface Services {
  handlers: Pick<Handlers, ServiceCall>;
  desk: DeskService;
  outbox: Outbox;
  subscribers: DepartmentSubscribers;
  /** Starts the outbox's workers (after the host registered what it needs). */
  start(): void;
  close(): Promise<void>;
}

export async function composeServices(options: ServiceOptions): Promise<Services> {
  const { store, events, profiles, me, now } = options;
  const outbox = new Outbox({
    store,
    now,
    onError: (error) => options.log.error('outbox.worker-error', { error: (error as Error).name }),
  });
  const catalog = loadSchemaCatalog(join(assetsDir(), 'services'));
  const profileOf = (principal: Principal) => profiles.profileOfDepartment(principal.department);
  const team = new TeamService({ store, now });
  const desk = new DeskService({
    store,
    outbox,
    team,
    schemaFor: catalog.schemaFor,
    fileReferenceRule: (principal, serviceIdentifier) => {
      const profile = profileOf(principal);
      const service = profile.services.find((s) => s.identifier === serviceIdentifier);
      // A service the profile does not list still gets a unique reference, under a neutral code.
      return { pattern: profile.department.fileReferencePattern, serviceCode: service?.code ?? 'ALLG' };
    },
    processingDays: (principal, serviceIdentifier) =>
      profileOf(principal).services.find((s) => s.identifier === serviceIdentifier)?.deadlineDays ?? null,
    queueStatusUpdate: async (tx, caseRow, status) => {
      await notices.enqueueStatusUpdate(tx, caseRow, status);
    },
    now,
  });

  const summaryPdf = caseSummaryRenderer({ schemaFor: catalog.schemaFor, now });
  const secretStore = store.secrets;
  const handover = new HandoverService({
    store,
    secretStore,
    mappings: await readMappingDirectory(join(assetsDir(), 'mappings')),
    profileFor: (department) => profiles.profileOfDepartment(department),
    outbox,
  });
  outbox.register('handover', handover.deliver);
  const notices = createNoticeService({ store, outbox, workstation: profiles, secretStore, now });
  const deliveryEnvironment = profileDeliveryEnvironment(profiles, secretStore, now);
  startNoticeDelivery(
    outbox,
    notices,
    options.deliveryEnvironment?.(deliveryEnvironment) ?? deliveryEnvironment,
  );
  const archive = archiveWiring({
    store,
    auditHead: options.auditHead,
    outbox,
    events,
    secretStore,
    log: options.log,
    profileFor: (department) => profiles.profileOfDepartment(department),
    profiles: () => profiles.profiles(),
    summaryPdf,
    principal: me,
    appVersion: options.appVersion,
    profileDir: options.dataDir,
    ...(options.archiveFileSystem && { fs: options.archiveFileSystem }),
    now,
  });
  const subscribers = new DepartmentSubscribers({
    store,
    outbox,
    catalog,
    secretStore,
    profileOf: (department) => profiles.profileOfDepartment(department),
    now,
  });
  outbox.register('fitconnect.event', subscribers.deliverEvent);
  const stopReporting = reportCaseChanges(outbox, events);

  const caseWorker = (action: 'case.read' | 'case.process') => {
    const principal = me();
    requirePermission(principal, action);
    return principal;
  };

  const handlers: Pick<Handlers, ServiceCall> = {
    ...deskHandlers({
      desk,
      caseWorker,
      casesChanged: (ids) => events.emit('cases.changed', { ids }),
      verifyAgain: (department, caseId) => subscribers.verifyAgain(department, caseId),
    }),
    ...teamHandlers({
      team,
      notifications: new TeamNotifications({ store, now }),
      desk,
      caseWorker,
      casesChanged: (ids) => events.emit('cases.changed', { ids }),
      ...(options.showNotification && { showNotification: options.showNotification }),
    }),
    ...handoverHandlers({ handover, desk, caseWorker }),
    ...syncHandlers({
      subscribers,
      caseWorker,
      progress: (progress) => events.emit('sync.progress', progress),
      casesChanged: () => events.emit('cases.changed', { ids: [] }),
    }),
    ...outboxHandlers(outbox, caseWorker, async (caseId) => (await store.cases.row(caseId)).department),
    ...printHandlers({
      desk,
      caseWorker,
      letterhead: (principal) => profileOf(principal).department,
      summaryPdf,
      ...(options.printPage && { printPage: options.printPage }),
    }),
    ...archive.handlers,
    ...noticeHandlers({
      notices,
      desk,
      store,
      events,
      caseWorker,
      preferences: store.preferences,
      caseFieldRules: (principal, serviceIdentifier) => {
        const profile = profileOf(principal);
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
    handlers,
    desk,
    outbox,
    subscribers,
    start: () => outbox.start(),
    close: async () => {
      stopReporting();
      archive.close();
      await outbox.stop();
      await subscribers.close();
    },
  };
}
