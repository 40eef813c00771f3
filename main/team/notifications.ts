/**
 * Which notifications are due for a person, each kind switchable in their settings: a case given to them,
 * a change by someone else to a case they follow (both read from the audit, after the last entry they were
 * told of), a Wiedervorlage that has come, a FITKO pickup reminder day reached. Each is answered once; the
 * renderer words and shows them (the desktop's notifications in Electron, the Notification API in a browser).
 */
import type { Principal } from '../../shared/auth/roles';
import { followUpOf, pickupReminderDay } from '../../shared/cases/deadlines';
import type { AuditStore } from '../audit/log';
import type { CaseStore, PreferencesStore } from '../vault/store-types';
import type { DueNotification, NotificationSettings } from './api';
import { notificationKinds } from './api';
import type { TeamStore } from './store';

const SETTINGS_KEY = 'notifications.settings';
const SEEN_KEY = 'notifications.seen';
const AUDIT_PAGE = 500;
const FIRST_LOOK_BACK_MS = 24 * 60 * 60 * 1000;
/** Actions that make a person responsible for a case (the details name whom). */
const GIVING = new Set(['case.reassign', 'case.handTo']);

interface Seen {
  /** The last audit entry looked at. */
  auditId: number;
  /** Reminders already given, for the cases that still wait (`kind:caseId:date-or-day`). */
  reminded: string[];
}

export interface NotificationStore {
  audit: AuditStore;
  cases: CaseStore;
  team: TeamStore;
  preferences: PreferencesStore;
}

export class TeamNotifications {
  constructor(private readonly deps: { store: NotificationStore; now(): Date }) {}

  async settings(principal: Principal): Promise<NotificationSettings> {
    const text = await this.deps.store.preferences.get(principal.userId, SETTINGS_KEY);
    const stored = text ? (JSON.parse(text) as Partial<NotificationSettings>) : {};
    return Object.fromEntries(
      notificationKinds.map((kind) => [kind, stored[kind] ?? true]),
    ) as NotificationSettings;
  }

  async saveSettings(principal: Principal, settings: NotificationSettings): Promise<NotificationSettings> {
    await this.deps.store.preferences.set(principal.userId, SETTINGS_KEY, JSON.stringify(settings));
    return settings;
  }

  async pending(principal: Principal): Promise<DueNotification[]> {
    const { store } = this.deps;
    const settings = await this.settings(principal);
    const seenText = await store.preferences.get(principal.userId, SEEN_KEY);
    const seen: Seen | null = seenText ? (JSON.parse(seenText) as Seen) : null;
    const { entries, lastId } = await this.auditAfter(seen?.auditId ?? 0);
    // The first time, what happened in the last day counts (a case given before they first asked); older
    // entries are old news.
    const since = seen === null ? this.deps.now().getTime() - FIRST_LOOK_BACK_MS : 0;
    const fromAudit = await this.fromAudit(
      principal,
      entries.filter((entry) => Date.parse(entry.at) >= since),
    );
    const reminders = await this.reminders(principal);
    const reminded = new Set(seen?.reminded ?? []);
    const due = [
      ...fromAudit,
      ...reminders.filter((reminder) => !reminded.has(reminder.key)).map((reminder) => reminder.notification),
    ].filter((notification) => settings[notification.kind]);
    const next: Seen = { auditId: lastId, reminded: reminders.map((reminder) => reminder.key) };
    await store.preferences.set(principal.userId, SEEN_KEY, JSON.stringify(next));
    return due;
  }

  private async auditAfter(afterId: number) {
    const entries = [];
    let lastId = afterId;
    for (;;) {
      const page = await this.deps.store.audit.list({ afterId: lastId, limit: AUDIT_PAGE });
      entries.push(...page);
      lastId = page.at(-1)?.id ?? lastId;
      if (page.length < AUDIT_PAGE) return { entries, lastId };
    }
  }

  private async fromAudit(
    principal: Principal,
    entries: Awaited<ReturnType<AuditStore['list']>>,
  ): Promise<DueNotification[]> {
    const { store } = this.deps;
    const followed = new Set(await store.team.followed(principal.department, principal.userId));
    const due = new Map<string, DueNotification>();
    for (const entry of entries) {
      const caseId = entry.caseId;
      if (caseId === null || entry.department !== principal.department) continue;
      if (entry.actor === principal.userId || entry.outcome !== 'success') continue;
      const given = GIVING.has(entry.action) && entry.details.assignee === principal.userId;
      if (!given && !followed.has(caseId)) continue;
      const kind = given ? 'assigned' : 'followedChanged';
      // One notification per case and kind; being given a case says more than its change.
      if (due.get(caseId)?.kind === 'assigned') continue;
      due.set(caseId, { kind, caseId, fileReference: null, by: entry.actor });
    }
    for (const notification of due.values()) {
      notification.fileReference = await store.cases.row(notification.caseId).then(
        (row) => row.fileReference,
        () => null,
      );
    }
    return [...due.values()];
  }

  /** Wiedervorlagen that have come for the person's cases, and pickup reminders for the cases they see. */
  private async reminders(principal: Principal) {
    const { store } = this.deps;
    const now = this.deps.now();
    const reminders: { key: string; notification: DueNotification }[] = [];
    const waiting = await store.cases.list({
      department: principal.department,
      assignee: principal.userId,
      status: ['resubmission'],
      limit: 500,
      withTotal: false,
    });
    for (const row of waiting.rows) {
      const followUp = followUpOf(row.status, await store.audit.list({ caseId: row.id, limit: 500 }));
      if (followUp === null || Date.parse(followUp.at) > now.getTime()) continue;
      reminders.push({
        key: `resubmissionDue:${row.id}:${followUp.at}`,
        notification: { kind: 'resubmissionDue', caseId: row.id, fileReference: row.fileReference },
      });
    }
    const pending = await store.cases.list({
      department: principal.department,
      status: ['new', 'in_review'],
      verification: 'pending',
      visibleTo: principal.userId,
      limit: 500,
      withTotal: false,
    });
    for (const row of pending.rows) {
      const day = pickupReminderDay(row.status, row.verification, row.receivedAt, now);
      if (day === null) continue;
      reminders.push({
        key: `pickupReminder:${row.id}:${day}`,
        notification: { kind: 'pickupReminder', caseId: row.id, fileReference: row.fileReference, day },
      });
    }
    return reminders;
  }
}
