/**
 * The one API contract between the renderer and the services. Each feature owns its slice (`main/<feature>/
 * api.ts`: its calls with their zod input schemas and result types, its events and their payloads); this
 * module only composes the slices. The preload bridge, main's IPC registration, the loopback server for
 * browser mode and the renderer's client are all derived from these two tables, so a call cannot exist in one
 * transport only.
 *
 * Pure module: zod and types only. The renderer imports it for types alone.
 */
import type { z } from 'zod';
import { type CallSpec, call, type EventSpec, none } from '../../shared/api/call';
import { archiveCalls } from '../archive/api';
import { integrityCalls } from '../audit/api';
import { sessionCalls, sessionEvents } from '../auth/api';
import { commandCalls } from '../commands/api';
import { deskCalls, deskEvents } from '../desk/api';
import { syncCalls, syncEvents } from '../fitconnect/api';
import { handoverCalls } from '../handover/api';
import { noticeCalls } from '../notices/api';
import { outboxCalls, outboxEvents } from '../outbox/api';
import { setupCalls } from '../profile/api';
import { replicaCalls, replicaEvents } from '../replica/api';
import { settingsCalls } from '../settings/api';
import { teamCalls } from '../team/api';

export type { CallContext, CallSpec, EventSpec, FileContent, Transport } from '../../shared/api/call';
export type * from '../archive/api';
export type * from '../audit/api';
export type * from '../auth/api';
export type * from '../commands/api';
export type * from '../desk/api';
export type * from '../fitconnect/api';
export type * from '../handover/api';
export type * from '../notices/api';
export type * from '../outbox/api';
export type * from '../profile/api';
export type * from '../settings/api';
export type * from '../team/api';
export type { Absence, Presence, TeamOverview } from '../team/store';

export interface AppInfo {
  name: string;
  version: string;
  /**
   * `desktop` in Electron, `browser` when served over loopback HTTP, `department` when the department
   * service serves it (sign-in is then the service's own page).
   */
  mode: 'desktop' | 'browser' | 'department';
  demo: boolean;
  electron: string | null;
  node: string;
  locale: string;
}

/** The application itself: what it is, and the desktop's print dialog. */
const appCalls = {
  'app.info': call<AppInfo>()(none),
  /** Desktop only: prints the window's print view (A4) through the system dialog with printer choice. */
  'print.page': call<void>()(none),
} as const;

// ---- the tables ----

export const calls = {
  ...appCalls,
  ...settingsCalls,
  ...sessionCalls,
  ...setupCalls,
  ...deskCalls,
  ...handoverCalls,
  ...archiveCalls,
  ...noticeCalls,
  ...syncCalls,
  ...outboxCalls,
  ...integrityCalls,
  ...teamCalls,
  ...commandCalls,
  ...replicaCalls,
} as const;

export const events = {
  ...syncEvents,
  ...outboxEvents,
  ...deskEvents,
  ...sessionEvents,
  ...replicaEvents,
} as const;

// ---- derived types ----

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallResult<N extends CallName> = Calls[N] extends CallSpec<z.ZodType, infer R> ? R : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** IPC channel names, one per call and per event, so main can register and the preload can invoke each. */
export const ipcCallChannel = (name: CallName): string => `antragsdesk:call:${name}`;
export const ipcEventChannel = (name: EventName): string => `antragsdesk:event:${name}`;
