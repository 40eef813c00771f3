/**
 * Moves focus to the control a completed step leads to, once it is in the page: after the view has
 * reloaded and any dialog has closed (focus would otherwise fall to the top of the page when the control
 * that opened the dialog is gone). Waits up to `withinMs` for the first selector; a later one is a fallback
 * taken when the first has not come within a moment, and left for the first if it still comes. Stops when
 * the person has moved focus on. With `whileOn`, it moves focus only while focus is still on that control (a
 * step that becomes possible later must not pull focus away from what the person is doing).
 */
const FALLBACK_AFTER_MS = 400;

export function focusSoon(
  selectors: readonly string[],
  withinMs = 3000,
  { whileOn }: { whileOn?: string } = {},
): void {
  const started = performance.now();
  const from = document.activeElement;
  let placed: HTMLElement | null = null;
  let steady = 0;
  const firstChoice = () =>
    selectors[0] === undefined ? null : document.querySelector<HTMLElement>(selectors[0]);
  const tick = () => {
    const waited = performance.now() - started;
    if (waited > withinMs) return;
    const active = document.activeElement;
    // The person went on meanwhile (clicked, tabbed, opened a list): their focus stays.
    const elsewhere = active !== null && active !== document.body && !active.closest('[role="dialog"]');
    if (elsewhere && active !== (placed ?? from) && !(whileOn && !placed)) return;
    const candidates = waited < FALLBACK_AFTER_MS ? selectors.slice(0, 1) : selectors;
    const target = document.querySelector('[role="dialog"]')
      ? null
      : candidates
          .map((selector) => document.querySelector<HTMLElement>(selector))
          .find((element) => element !== null);
    if (target && active === target) {
      // A few frames in place: a closing dialog may still hand focus back once. On a fallback it keeps
      // watching: on a busy machine the first choice may come late, and focus moves on to it then.
      if (++steady >= 3 && target === firstChoice()) return;
    } else if (target) {
      if (whileOn && !placed && !active?.matches(whileOn)) return;
      target.focus();
      placed = target;
      steady = 0;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
