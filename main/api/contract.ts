/**
 * The one API contract between the renderer and the services. Every call has a name, a zod schema for its
 * input and a result type; every event from main to the renderer has a name and a payload type. The preload
 * bridge, main's IPC registration, the loopback server for browser mode and the renderer's client are all
 * derived from these two tables, so a call cannot exist in one transport only.
 *
 * Pure module: zod and types only. The renderer imports it for types alone.
 */
import { z } from 'zod';

/** A call's input schema, with its result type carried as a phantom so it costs nothing at run time. */
export interface CallSpec<I extends z.ZodType, R> {
  readonly input: I;
  readonly __result?: R;
}

const call =
  <R>() =>
  <I extends z.ZodType>(input: I): CallSpec<I, R> => ({ input });

export interface EventSpec<P> {
  readonly __payload?: P;
}
const event = <P>(): EventSpec<P> => ({});

const none = z.object({}).strict();

// ---- result and payload types ----

export type Transport = 'ipc' | 'http';

export interface AppInfo {
  name: string;
  version: string;
  /** `desktop` in Electron, `browser` when served over loopback HTTP. */
  mode: 'desktop' | 'browser';
  demo: boolean;
  electron: string | null;
  node: string;
  locale: string;
}

export interface SyncProgress {
  phase: 'listing' | 'fetching' | 'done' | 'failed';
  done: number;
  total: number;
  bytes: number;
}

export interface OutboxCounts {
  pending: number;
  inFlight: number;
  failed: number;
  delivered: number;
}

export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];

/** Plain, non-secret per-user settings (kept in electron-store on the desktop). */
export const userSettingsSchema = z
  .object({
    language: z.enum(languages),
    theme: z.enum(['system', 'light', 'dark']),
  })
  .strict();
export type UserSettings = z.infer<typeof userSettingsSchema>;
const userSettingsPatch = userSettingsSchema.partial().strict();

// ---- the tables ----

export const calls = {
  'app.info': call<AppInfo>()(none),
  'settings.get': call<UserSettings>()(none),
  'settings.update': call<UserSettings>()(userSettingsPatch),
} as const;

export const events = {
  'sync.progress': event<SyncProgress>(),
  'outbox.changed': event<OutboxCounts>(),
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
