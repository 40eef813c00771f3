/**
 * Resolves in the task after the next frame is drawn: code that is not needed for the first rows starts
 * loading then, so it does not delay their painting. (Not requestIdleCallback: a page that draws every
 * frame may see no idle time for its whole timeout.)
 */
export function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
