import type { JWK } from 'jose';
import type { TokenService } from './auth';
import type { CallbackSender } from './callbacks';
import type { Clock } from './clock';
import type { EventLog } from './event-log';
import type { PlatformLimits } from './settings';
import type { ClientRepository } from './store/clients';
import type { DestinationRepository } from './store/destinations';
import type { EventRepository } from './store/events';
import type { PartFiles } from './store/part-files';
import type { ReminderRepository } from './store/reminders';
import type { ServiceRepository } from './store/services';
import type { SqliteDatabase } from './store/sqlite';
import type { SubmissionRepository } from './store/submissions';

/** Everything the platform's operations need, wired once at start. */
export interface PlatformContext {
  db: SqliteDatabase;
  clock: Clock;
  limits: PlatformLimits;
  destinations: DestinationRepository;
  clients: ClientRepository;
  submissions: SubmissionRepository;
  events: EventRepository;
  services: ServiceRepository;
  reminders: ReminderRepository;
  callbacks: CallbackSender;
  parts: PartFiles;
  eventLog: EventLog;
  tokens: TokenService;
  serviceJwks: { keys: JWK[] };
}
