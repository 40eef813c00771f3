/**
 * Notices in the app: the notice service over the vault with each department's letterhead, templates and
 * seal from its profile; delivery by the outbox with the channels the profile configures; and the handlers
 * of the notices.* calls. Every call checks the person's permission and that the case is one they may see
 * (the desk decides that); sending a notice moves the case in the same transaction as the delivery.
 */

import type { Principal } from '../../shared/auth/roles';
import type { FileContent } from '../api/contract';
import type { Handlers } from '../api/dispatch';
import type { EventHub } from '../api/events';
import type { AuditLog } from '../audit';
import type { SecretStore } from '../auth/secret-store';
import { noticeFileName, registerDeliveryHandlers } from '../delivery';
import type { DeliveryEnvironment } from '../delivery/types';
import type { DeskService } from '../desk/desk-service';
import { readNoticeTemplates } from '../notices';
import { NoticeService, noticeProfileOf, sealCredentialsFromKeyStore } from '../notices/service';
import {
  type CaseFieldRules,
  DEFAULT_REPLY_DAYS,
  daysAfter,
  noticeCaseFields,
} from '../notices/service/case-fields';
import { parseDraft } from '../notices/service/draft';
import type { Outbox } from '../outbox';
import type { Vault } from '../vault';
import type { PreferenceStore } from '../vault/workstation';
import type { Workstation } from './workstation';

type Profiles = Pick<Workstation, 'profileOfDepartment'>;

export interface NoticeServiceDependencies {
  vault: Vault;
  outbox: Outbox;
  audit: AuditLog;
  workstation: Profiles;
  secretStore: SecretStore;
  now(): Date;
}

export function createNoticeService(deps: NoticeServiceDependencies): NoticeService {
  const profileOf = (department: string) => deps.workstation.profileOfDepartment(department);
  return new NoticeService({
    vault: deps.vault,
    outbox: deps.outbox,
    audit: deps.audit,
    profile: (department) => noticeProfileOf(profileOf(department).department),
    sealCredentials: (department) =>
      sealCredentialsFromKeyStore(deps.secretStore, profileOf(department).seal),
    templates: (department) => readNoticeTemplates(profileOf(department).notices.templateDir),
    now: deps.now,
  });
}

/** The delivery settings, seal and secrets of the department a notice belongs to, read at each attempt. */
export function profileDeliveryEnvironment(
  workstation: Profiles,
  secretStore: SecretStore,
  now: () => Date,
): DeliveryEnvironment {
  return {
    settings: (department) => {
      const profile = workstation.profileOfDepartment(department);
      const { zbp, email } = profile.delivery ?? {};
      return {
        senderName: profile.notices.senderName,
        ...(zbp === undefined ? {} : { zbp }),
        ...(email === undefined ? {} : { email }),
      };
    },
    sealCredentials: (department) =>
      sealCredentialsFromKeyStore(secretStore, workstation.profileOfDepartment(department).seal),
    secrets: secretStore,
    now,
  };
}

/**
 * Registers the delivery handlers on the outbox; the case view learns of each delivery's state changes
 * through `reportCaseChanges` (case-events.ts), as for every item of a case.
 */
export function startNoticeDelivery(outbox: Outbox, notices: NoticeService, env: DeliveryEnvironment): void {
  registerDeliveryHandlers(outbox, notices.deliveryJobs(), env);
}

export interface NoticeHandlerDependencies {
  notices: NoticeService;
  desk: Pick<DeskService, 'visibleCase' | 'verifiedCase' | 'recordNoticeSent'>;
  vault: Pick<Vault, 'transaction' | 'cases'>;
  events: Pick<EventHub, 'emit'>;
  /** The signed-in person, checked for the permission. */
  caseWorker(action: 'case.read' | 'case.process'): Principal;
  /** Where each person's drafts are kept (inside the encrypted vault). */
  preferences: PreferenceStore;
  /** The department profile's rules for a service's notices: its fee, the days to answer a Rückfrage. */
  caseFieldRules(principal: Principal, serviceIdentifier: string): CaseFieldRules;
  now(): Date;
}

export type NoticeHandlers = Pick<
  Handlers,
  | 'notices.templates'
  | 'notices.draft'
  | 'notices.keepDraft'
  | 'notices.keptDraft'
  | 'notices.preview'
  | 'notices.seal'
  | 'notices.list'
  | 'notices.pdf'
  | 'notices.send'
  | 'notices.markPosted'
>;

const draftKey = (caseId: string) => `notice.draft:${caseId}`;

function pdfFile(filename: string, pdf: Uint8Array): FileContent {
  return { filename, mimeType: 'application/pdf', base64: Buffer.from(pdf).toString('base64') };
}

export function noticeHandlers(deps: NoticeHandlerDependencies): NoticeHandlers {
  const { notices, desk, events } = deps;
  const changed = (caseId: string) => events.emit('cases.changed', { ids: [caseId] });
  /** The person and the notice, if its case is one they may see. */
  const noticeFor = (action: 'case.read' | 'case.process', noticeId: string) => {
    const principal = deps.caseWorker(action);
    const notice = notices.notice(noticeId);
    const caseRow =
      action === 'case.process'
        ? desk.verifiedCase(principal, notice.caseId)
        : desk.visibleCase(principal, notice.caseId);
    return { principal, notice, caseRow };
  };

  return {
    'notices.templates': async () => {
      const { department } = deps.caseWorker('case.read');
      return (await notices.templatesOf(department)).map(({ id, kind, name }) => ({ id, kind, title: name }));
    },
    'notices.draft': ({ caseId, templateId }) => {
      const principal = deps.caseWorker('case.process');
      const row = desk.verifiedCase(principal, caseId);
      const rules = deps.caseFieldRules(principal, row.serviceIdentifier);
      const fields = noticeCaseFields(deps.vault.cases.get(caseId), deps.now(), rules);
      return notices.draft(principal.department, fields, templateId);
    },
    'notices.keepDraft': ({ caseId, draft }) => {
      const principal = deps.caseWorker('case.process');
      desk.visibleCase(principal, caseId);
      if (draft === null) deps.preferences.remove(principal.userId, draftKey(caseId));
      else deps.preferences.set(principal.userId, draftKey(caseId), JSON.stringify(draft));
    },
    'notices.keptDraft': ({ caseId }) => {
      const principal = deps.caseWorker('case.process');
      desk.visibleCase(principal, caseId);
      const kept = deps.preferences.get(principal.userId, draftKey(caseId));
      return kept === null ? null : parseDraft(JSON.parse(kept));
    },
    'notices.preview': async ({ caseId, draft }) => {
      const caseRow = desk.verifiedCase(deps.caseWorker('case.process'), caseId);
      const pdf = await notices.preview(caseId, draft);
      return pdfFile(
        `Entwurf_${noticeFileName({ version: 1, kind: draft.kind, title: draft.title }, caseRow)}`,
        pdf,
      );
    },
    'notices.seal': async ({ caseId, draft }) => {
      const principal = deps.caseWorker('case.process');
      desk.verifiedCase(principal, caseId);
      const record = await notices.seal(caseId, draft, { userId: principal.userId });
      // The sealed version replaces the kept draft.
      deps.preferences.remove(principal.userId, draftKey(caseId));
      changed(caseId);
      return { ...record, deliveries: [] };
    },
    'notices.list': ({ caseId }) => {
      desk.visibleCase(deps.caseWorker('case.read'), caseId);
      return notices.list(caseId);
    },
    'notices.pdf': ({ noticeId }) => {
      const { notice, caseRow } = noticeFor('case.read', noticeId);
      return pdfFile(noticeFileName(notice, caseRow), notices.pdf(noticeId));
    },
    'notices.send': ({ noticeId, channel }) => {
      const { principal, notice, caseRow } = noticeFor('case.process', noticeId);
      // A Rückfrage gives the citizen the profile's reply days from the letter's date; the case waits so long.
      const { replyDays = DEFAULT_REPLY_DAYS } = deps.caseFieldRules(principal, caseRow.serviceIdentifier);
      const replyBy = daysAfter(new Date(notice.sealedAt), replyDays).toISOString();
      const result = deps.vault.transaction(() => {
        const sent = notices.send(noticeId, { userId: principal.userId }, channel ? { channel } : {});
        // A repeated send changed nothing, so it moves nothing either.
        if (sent.created) desk.recordNoticeSent(principal, notice.caseId, notice.kind, replyBy);
        return sent;
      });
      changed(notice.caseId);
      return result;
    },
    'notices.markPosted': ({ noticeId }) => {
      const { principal, notice } = noticeFor('case.process', noticeId);
      notices.markPosted(noticeId, { userId: principal.userId });
      changed(notice.caseId);
    },
  };
}
