/**
 * The next step of the standard path for a case, from what the case view shows: Übernehmen, Annehmen,
 * Übergeben, a Bescheid drafted, sealed, sent (or posted), then Archivieren. After every completed step focus
 * moves to that step's control, and one key ("n") goes there. Each control carries `data-step`. Pure.
 */

import type { CaseStatus } from '../../../shared/cases/types';
import type { CaseAction } from '../../../shared/cases/workflow';

export type Step =
  | 'claim'
  | 'accept'
  | 'handOver'
  | 'compose'
  | 'fillGap'
  | 'seal'
  | 'send'
  | 'markPosted'
  | 'archive';

/** What the notice panel holds, as far as the next step depends on it. */
export interface NoticeProgress {
  draft: boolean;
  gaps: number;
  /** A sealed Bescheid not yet sent on any channel. */
  unsentBescheid: boolean;
  /** A Bescheid to be printed and posted. */
  toPost: boolean;
  /** A Bescheid has been sent (on its way, delivered or posted). */
  sentBescheid: boolean;
}

export const noProgress: NoticeProgress = {
  draft: false,
  gaps: 0,
  unsentBescheid: false,
  toPost: false,
  sentBescheid: false,
};

export function nextStep(
  view: { status: CaseStatus; actions: readonly CaseAction[] },
  notices: NoticeProgress,
): Step | null {
  for (const action of ['claim', 'accept', 'handOver'] as const) {
    if (view.actions.includes(action)) return action;
  }
  if (notices.toPost) return 'markPosted';
  if (notices.unsentBescheid) return 'send';
  if (notices.draft) return notices.gaps > 0 ? 'fillGap' : 'seal';
  if (view.actions.includes('archive')) return 'archive';
  if ((view.status === 'accepted' || view.status === 'handed_over') && !notices.sentBescheid)
    return 'compose';
  return null;
}

/** The selector of a step's control. */
export const stepControl = (step: Step | 'back' | 'undo' | 'delivery' | 'verification'): string =>
  `[data-step="${step}"]`;
