/**
 * Team work's slice of the API: followers and presence of a case, handing a case to a colleague, absences
 * with their deputy, the team lead's overview, and per-person notifications. Events stay the desk's
 * `cases.changed` (ids only), so the same slice works over the department service's event stream.
 */
import { z } from 'zod';
import { call, id, none, shortText } from '../../shared/api/call';
import type { CaseRow } from '../../shared/cases/types';
import type { Absence, Presence, TeamOverview } from './store';

const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const notificationKinds = [
  'assigned',
  'followedChanged',
  'resubmissionDue',
  'pickupReminder',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** Which kinds of notification a person wants; each is switched on until they switch it off. */
export type NotificationSettings = Record<NotificationKind, boolean>;
const notificationSettingsSchema = z
  .object(
    Object.fromEntries(notificationKinds.map((kind) => [kind, z.boolean()])) as Record<
      NotificationKind,
      z.ZodBoolean
    >,
  )
  .strict();

/** A notification due for the person: ids and the case's Aktenzeichen; the UI words it. */
export interface DueNotification {
  kind: NotificationKind;
  caseId: string;
  fileReference: string | null;
  /** Who caused it (assigned, changed): a user id. */
  by?: string;
  /** A pickup reminder's FITKO day (3 or 9). */
  day?: number;
}

export interface CaseTeam {
  /** The person responsible for the case (its assignee). */
  responsible: string | null;
  followers: string[];
  /** Whether the person asking follows the case. */
  following: boolean;
  /** Colleagues working on the case right now (the person asking left out). */
  working: string[];
}

export const teamCalls = {
  'team.caseTeam': call<CaseTeam>()(z.object({ id }).strict()),
  'team.follow': call<CaseTeam>()(z.object({ id, follow: z.boolean() }).strict()),
  /** The case view is open (`active`) or was left: "is working on it" for colleagues, until it expires. */
  'team.working': call<void>()(z.object({ id, active: z.boolean() }).strict()),
  'team.presence': call<Presence[]>()(z.object({ ids: z.array(id).max(500) }).strict()),
  /** Gives the case to a colleague (or, as a deputy, takes it over), with an optional note. */
  'team.hand': call<CaseRow>()(
    z
      .object({
        id,
        to: shortText,
        expectedVersion: z.number().int().min(0),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
  ),
  'team.absences': call<Absence[]>()(none),
  /** The colleagues the person covers for today. */
  'team.covers': call<string[]>()(none),
  'team.saveAbsence': call<Absence>()(
    z
      .object({
        id: id.optional(),
        person: shortText.optional(),
        deputy: shortText,
        from: calendarDay,
        to: calendarDay,
      })
      .strict(),
  ),
  'team.removeAbsence': call<void>()(z.object({ id }).strict()),
  'team.overview': call<TeamOverview>()(none),
  'notifications.settings': call<NotificationSettings>()(none),
  'notifications.saveSettings': call<NotificationSettings>()(notificationSettingsSchema),
  /** The notifications due since the person last asked; each is answered once. */
  'notifications.pending': call<DueNotification[]>()(none),
  /** Shows a notification on the desktop (Electron); answers false where there is none (a browser). */
  'notifications.show': call<boolean>()(
    z.object({ title: z.string().trim().min(1).max(200), body: z.string().trim().max(500) }).strict(),
  ),
} as const;
