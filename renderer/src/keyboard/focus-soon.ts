/**
 * Moves focus to the control a completed step leads to, once it is in the page: after the view has
 * reloaded and any dialog has closed (focus would otherwise fall to the top of the page when the control
 * that opened the dialog is gone). It waits on the page, not on a clock: whenever the page changes it looks
 * again, so a control that comes late (a busy machine, a case the outbox moves on) still gets focus. A later
 * selector is a fallback taken when the first has not come within a moment, and left for the first when it
 * comes. Focus that falls to the page (the control re-rendered) is put back. It stops when the person acts
 * (a key, a pointer, focus moved elsewhere), the route changes or another step asks for focus. With
 * `whileOn`, it moves focus only while focus is still on that control (a step that becomes possible later
 * must not pull focus away from what the person is doing).
 */
const FALLBACK_AFTER_MS = 400;
/** Frames the first choice must keep focus before a closing dialog is trusted not to take it back. */
const STEADY_FRAMES = 3;

/** The requests still watching: a new step's request ends them, a `whileOn` one follows them. */
const watching = new Set<() => void>();

export function focusSoon(selectors: readonly string[], { whileOn }: { whileOn?: string } = {}): void {
  if (!whileOn) for (const stopOther of [...watching]) stopOther();
  const from = document.activeElement;
  let placed: HTMLElement | null = null;
  let fallbackDue = false;
  let steady = 0;
  let frame = 0;
  const query = (selector: string | undefined) =>
    selector === undefined ? null : document.querySelector<HTMLElement>(selector);

  const check = () => {
    frame = 0;
    const active = document.activeElement;
    // The person went on meanwhile (clicked, tabbed, opened a list): their focus stays.
    const elsewhere = active !== null && active !== document.body && !active.closest('[role="dialog"]');
    if (elsewhere && active !== (placed ?? from) && !(whileOn && !placed)) return stop();
    if (document.querySelector('[role="dialog"]')) return;
    const first = query(selectors[0]);
    const target =
      first ??
      (fallbackDue
        ? (selectors
            .slice(1)
            .map(query)
            .find((e) => e !== null) ?? null)
        : null);
    if (target === null) return;
    if (active === target) {
      // A few frames in place: a closing dialog may still hand focus back once.
      if (target === first && steady < STEADY_FRAMES) {
        steady++;
        schedule();
      }
      return;
    }
    if (whileOn && !placed && !active?.matches(whileOn)) return;
    target.focus();
    placed = target;
    steady = 0;
    schedule();
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(check);
  };

  const observer = new MutationObserver(schedule);
  const fallback = setTimeout(() => {
    fallbackDue = true;
    schedule();
  }, FALLBACK_AFTER_MS);
  const stop = () => {
    observer.disconnect();
    clearTimeout(fallback);
    if (frame !== 0) cancelAnimationFrame(frame);
    frame = 0;
    removeEventListener('keydown', stop, true);
    removeEventListener('pointerdown', stop, true);
    removeEventListener('hashchange', stop);
    watching.delete(stop);
  };
  watching.add(stop);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  addEventListener('keydown', stop, true);
  addEventListener('pointerdown', stop, true);
  addEventListener('hashchange', stop);
  schedule();
}
