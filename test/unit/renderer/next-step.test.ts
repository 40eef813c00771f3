import { describe, expect, it } from 'vitest';
import type { NoticeDraft, NoticeView } from '../../../main/api/contract';
import { nextStep, noProgress } from '../../../renderer/src/case/next-step';
import { currentStatus } from '../../../renderer/src/notices/notice-status';
import { previewDelay } from '../../../renderer/src/notices/preview-delay';

describe('the next step of the standard path', () => {
  it('claim, accept, hand over, draft, seal, send, archive', () => {
    const steps = [
      nextStep({ status: 'new', actions: ['claim'] }, noProgress),
      nextStep({ status: 'in_review', actions: ['release', 'accept', 'reject'] }, noProgress),
      nextStep({ status: 'accepted', actions: ['inquire', 'resubmit', 'handOver'] }, noProgress),
      nextStep({ status: 'handed_over', actions: ['reassign'] }, noProgress),
      nextStep({ status: 'handed_over', actions: [] }, { ...noProgress, draft: true, gaps: 2 }),
      nextStep({ status: 'handed_over', actions: [] }, { ...noProgress, draft: true }),
      nextStep({ status: 'handed_over', actions: [] }, { ...noProgress, unsentBescheid: true }),
      nextStep({ status: 'notice_sent', actions: [] }, { ...noProgress, toPost: true, sentBescheid: true }),
      nextStep({ status: 'notice_sent', actions: ['archive'] }, { ...noProgress, sentBescheid: true }),
    ];
    expect(steps).toEqual([
      'claim',
      'accept',
      'handOver',
      'compose',
      'fillGap',
      'seal',
      'send',
      'markPosted',
      'archive',
    ]);
  });

  it('none while the Bescheid is on its way, or when the case waits', () => {
    expect(
      nextStep({ status: 'notice_sent', actions: [] }, { ...noProgress, sentBescheid: true }),
    ).toBeNull();
    expect(nextStep({ status: 'resubmission', actions: ['resume'] }, noProgress)).toBeNull();
  });
});

describe('the notice status line', () => {
  const notice = (state: string) =>
    ({ id: 'n1', deliveries: [{ channel: 'zbp', state }] }) as unknown as NoticeView;
  const sent = {
    text: 'Version 1 wird versendet.',
    about: { noticeId: 'n1', channel: 'zbp', state: 'queued' },
  };

  it('says "wird versendet" while it is, and nothing once the delivery moved on', () => {
    expect(currentStatus(sent, [notice('queued')])).toBe('Version 1 wird versendet.');
    expect(currentStatus(sent, [notice('delivered')])).toBe('');
    expect(currentStatus({ text: 'Entwurf verworfen.' }, [notice('delivered')])).toBe('Entwurf verworfen.');
  });
});

describe('the live preview of a draft', () => {
  const draft = { templateId: 'bescheid-bewilligung' } as NoticeDraft;

  it('renders a new draft at once, and an edit once the typing pauses', () => {
    expect(previewDelay(null, draft)).toBe(0);
    expect(previewDelay(draft, { ...draft, title: 'Bescheid' })).toBeGreaterThan(0);
    expect(previewDelay(draft, { ...draft, templateId: 'zwischenmitteilung' })).toBe(0);
  });
});
