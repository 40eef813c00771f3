import { describe, expect, it } from 'vitest';
import type { CallInput, NoticeDeliveryView, NoticeDraft, Principal } from '../../../main/api/contract';
import type { DeliveryErrorCode } from '../../../main/delivery/errors';
import { noticeDraftSchema } from '../../../main/notices/service/draft';
import { noticeKinds } from '../../../main/notices/template';
import de from '../../../renderer/src/i18n/de.json';
import en from '../../../renderer/src/i18n/en.json';
import { mayIssueNotices } from '../../../renderer/src/notices/notice-access';
import { draftGaps, fieldKey } from '../../../renderer/src/notices/notice-gaps';

const draft: NoticeDraft = {
  templateId: 'bescheid-bewilligung',
  kind: 'approval',
  recipient: ['Jürgen Größe-Äßling', '[fehlt: Straße und Hausnummer]', '30159 Hannover'],
  fileReference: 'BS-GEW-2026-00001',
  date: '29.11.2026',
  title: 'Bescheid über Ihren Antrag',
  paragraphs: [
    { style: 'body', text: 'Die Gebühr beträgt [fehlt: Gebühr], fällig am [fehlt: Zahlungsfrist].' },
    { style: 'heading', text: 'Rechtsbehelfsbelehrung' },
    { style: 'body', text: 'Gegen diesen Bescheid … [fehlt: Gebühr]' },
  ],
  missingFields: ['case.fee', 'case.feeDueOn'],
};

describe('draft gaps', () => {
  it('lists every mark still in the text, by field, in reading order', () => {
    expect(draftGaps(draft).map((gap) => [fieldKey(gap.field), gap.label])).toEqual([
      ['recipient-1', 'Straße und Hausnummer'],
      ['paragraph-0', 'Gebühr'],
      ['paragraph-0', 'Zahlungsfrist'],
      ['paragraph-2', 'Gebühr'],
    ]);
  });

  it('a filled gap is gone at once; the frame (file reference, date) is read too', () => {
    const filled: NoticeDraft = {
      ...draft,
      recipient: ['Jürgen Größe-Äßling', 'Lindenstraße 4a', '30159 Hannover'],
      paragraphs: [{ style: 'body', text: 'Die Gebühr beträgt 30,00 €.' }],
    };
    expect(draftGaps(filled)).toEqual([]);
    expect(draftGaps({ ...filled, fileReference: '[fehlt: Aktenzeichen]' })).toEqual([
      { field: { part: 'frame' }, label: 'Aktenzeichen' },
    ]);
  });

  it('the contract takes the draft as composed, and refuses an unknown merge field', () => {
    const asSent: CallInput<'notices.seal'>['draft'] = draft;
    expect(noticeDraftSchema.parse(asSent)).toEqual(draft);
    expect(noticeDraftSchema.safeParse({ ...draft, missingFields: ['case.nope'] }).success).toBe(false);
  });
});

describe('who may issue notices', () => {
  const anna: Principal = {
    userId: 'anna',
    displayName: 'Anna',
    department: 'bs',
    roles: ['Sachbearbeitung'],
  };
  const tom: Principal = { userId: 'tom', displayName: 'Tom', department: 'bs', roles: ['Teamleitung'] };

  it('the assignee of an accepted or handed-over case, and after the Bescheid went out (a correction)', () => {
    for (const status of ['accepted', 'handed_over', 'notice_sent'] as const) {
      expect(mayIssueNotices({ status, assignee: 'anna' }, anna)).toBe(true);
    }
  });

  it('not before acceptance, not on someone else’s case (unless team lead), not signed out', () => {
    expect(mayIssueNotices({ status: 'in_review', assignee: 'anna' }, anna)).toBe(false);
    expect(mayIssueNotices({ status: 'new', assignee: null }, anna)).toBe(false);
    expect(mayIssueNotices({ status: 'accepted', assignee: 'ben' }, anna)).toBe(false);
    expect(mayIssueNotices({ status: 'accepted', assignee: 'ben' }, tom)).toBe(true);
    expect(mayIssueNotices({ status: 'archived', assignee: 'anna' }, anna)).toBe(false);
    expect(mayIssueNotices({ status: 'accepted', assignee: 'anna' }, null)).toBe(false);
  });
});

describe('notice words in German and English', () => {
  const states = Object.keys({
    queued: 1,
    sending: 1,
    retrying: 1,
    delivered: 1,
    failed: 1,
    replaced: 1,
    print: 1,
    posted: 1,
  } satisfies Record<NoticeDeliveryView['state'], 1>);
  const channels = Object.keys({ zbp: 1, email: 1, post: 1 } satisfies Record<
    NoticeDeliveryView['channel'],
    1
  >);
  const deliveryErrors = Object.keys({
    'delivery-not-found': 1,
    'channel-not-configured': 1,
    'reply-channel-invalid': 1,
    'secret-missing': 1,
    'seal-unavailable': 1,
    'email-encryption-required': 1,
    'email-key-unusable': 1,
    'email-unreachable': 1,
    'email-auth-failed': 1,
    'email-refused': 1,
    'zbp-unreachable': 1,
    'zbp-credentials-refused': 1,
    'zbp-refused': 1,
    'zbp-message-invalid': 1,
    'zbp-rejected': 1,
    'zbp-unconfirmed': 1,
    'zbp-event-log-invalid': 1,
  } satisfies Record<DeliveryErrorCode, 1>);

  for (const [language, words] of [
    ['de', de.notices],
    ['en', en.notices],
  ] as const) {
    it(`${language}: every delivery state, channel, kind and delivery error has its words`, () => {
      for (const state of states) expect(words.states[state as keyof typeof words.states]).toBeTruthy();
      for (const channel of channels)
        expect(words.channels[channel as keyof typeof words.channels]).toBeTruthy();
      for (const kind of noticeKinds) expect(words.kinds[kind]).toBeTruthy();
      for (const code of deliveryErrors) {
        expect(words.deliveryErrors[code as keyof typeof words.deliveryErrors]).toBeTruthy();
      }
    });
  }
});
