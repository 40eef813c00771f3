/**
 * One task at a time, latest request wins: `request()` starts the task when none is running; requests
 * made while one runs are folded into one, which starts when the running task calls `done`. Pure.
 */
export function latestOnly(task: (done: () => void) => void): () => void {
  let running = false;
  let waiting = false;
  const start = () => {
    running = true;
    task(() => {
      running = false;
      if (!waiting) return;
      waiting = false;
      start();
    });
  };
  return () => {
    if (running) waiting = true;
    else start();
  };
}
