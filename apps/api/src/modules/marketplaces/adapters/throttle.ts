/**
 * A client-side rate limit: calls pass one at a time through a FIFO queue, each start at least
 * `intervalMs` after the previous one. One throttle per marketplace is shared by every caller
 * (ThrottleRegistry), so concurrent searches queue instead of racing each other into a 429.
 * A waiter whose signal aborts leaves the queue without using a slot.
 */
export type Throttle = {
  /** Resolves when this caller may send; rejects with the signal's reason if it aborts first. */
  acquire(signal: AbortSignal): Promise<void>;
  /** Pushes the next slot back (a 429 said the marketplace counted more than we did). */
  penalize(ms: number): void;
  readonly waiting: number;
};

type Waiter = { resolve: () => void; reject: (reason: unknown) => void; signal: AbortSignal; onAbort: () => void };

export function createThrottle(intervalMs: number, now: () => number = Date.now): Throttle {
  let nextAt = 0;
  const queue: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;

  function pump(): void {
    if (timer || queue.length === 0) return;
    const wait = nextAt - now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        pump();
      }, wait);
      return;
    }
    const w = queue.shift() as Waiter;
    w.signal.removeEventListener("abort", w.onAbort);
    nextAt = now() + intervalMs;
    w.resolve();
    pump();
  }

  return {
    acquire(signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const w: Waiter = {
          resolve,
          reject,
          signal,
          onAbort: () => {
            const i = queue.indexOf(w);
            if (i >= 0) queue.splice(i, 1);
            reject(signal.reason);
          },
        };
        signal.addEventListener("abort", w.onAbort, { once: true });
        queue.push(w);
        pump();
      });
    },
    penalize(ms) {
      nextAt = Math.max(nextAt, now() + ms);
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** One throttle per key (a marketplace's code), created on first use and kept for the process. */
export function createThrottleRegistry() {
  const throttles = new Map<string, { intervalMs: number; throttle: Throttle }>();
  return {
    for(key: string, intervalMs: number): Throttle {
      const hit = throttles.get(key);
      if (hit && hit.intervalMs === intervalMs) return hit.throttle;
      const throttle = createThrottle(intervalMs);
      throttles.set(key, { intervalMs, throttle });
      return throttle;
    },
  };
}
export type ThrottleRegistry = ReturnType<typeof createThrottleRegistry>;
